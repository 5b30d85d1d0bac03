using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>The newsroom's article list: filter by status, author, section and headline.</summary>
public sealed class DashboardModel(NashirDb db, TimeProvider clock) : PageModel
{
    private const int PageSize = 30;

    public sealed record Row(int Id, string Headline, string Slug, ArticleStatus Status, DateTime? PublishAt, long ReadCount,
        IReadOnlyList<string> Authors, IReadOnlyList<string> Categories, bool IsLive);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<ArticleStatus, int> Counts { get; private set; } = new Dictionary<ArticleStatus, int>();
    public IReadOnlyList<Byline> Authors { get; private set; } = [];
    public IReadOnlyList<TermLink> Categories { get; private set; } = [];
    public ArticleStatus? Status { get; private set; }
    public string? Query { get; private set; }
    public int? AuthorId { get; private set; }
    public string? Category { get; private set; }
    public int PageNumber { get; private set; }
    public int PageCount { get; private set; }

    public static string StatusName(ArticleStatus status) => status switch
    {
        ArticleStatus.Draft => "مسودة",
        ArticleStatus.PendingReview => "بانتظار المراجعة",
        ArticleStatus.Scheduled => "مجدول",
        ArticleStatus.Published => "منشور",
        ArticleStatus.Trashed => "في المهملات",
        _ => status.ToString(),
    };

    public async Task OnGetAsync(ArticleStatus? status, string? q, int? author, string? category, CancellationToken cancellationToken, int page = 1)
    {
        (Status, Query, AuthorId, Category, PageNumber) = (status, q?.Trim(), author, category, Math.Max(1, page));
        var now = clock.GetUtcNow().UtcDateTime;

        var articles = db.Articles.AsQueryable();
        articles = status is { } wanted ? articles.Where(a => a.Status == wanted) : articles.Where(a => a.Status != ArticleStatus.Trashed);
        if (Query is { Length: > 0 } text) articles = articles.Where(a => a.Headline.Contains(text));
        if (author is { } authorId) articles = articles.Where(a => a.Authors.Any(x => x.UserId == authorId));
        if (category is { Length: > 0 }) articles = articles.Where(a => a.Categories.Any(c => c.Slug == category));

        var total = await articles.CountAsync(cancellationToken);
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var rows = await articles.OrderByDescending(a => a.UpdatedAt).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(a => new
            {
                a.Id, a.Headline, a.Slug, a.Status, a.PublishAt, a.ReadCount,
                Authors = a.Authors.OrderBy(x => x.Position).Select(x => x.User.DisplayName).ToList(),
                Categories = a.Categories.Select(c => c.Name).ToList(),
            })
            .AsSplitQuery().ToListAsync(cancellationToken);
        Rows = rows.Select(r => new Row(r.Id, r.Headline, r.Slug, r.Status, r.PublishAt, r.ReadCount, r.Authors, r.Categories,
            Article.IsLive(r.Status, r.PublishAt, now))).ToList();

        Counts = await db.Articles.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Authors = await db.Users.Where(u => db.UserRoles.Any(r => r.UserId == u.Id)).OrderBy(u => u.DisplayName)
            .Select(u => new Byline(u.Id, u.DisplayName, u.Slug)).ToListAsync(cancellationToken);
        Categories = await db.Categories.OrderBy(c => c.SortOrder).Select(c => new TermLink(c.Name, c.Slug)).ToListAsync(cancellationToken);
    }

    public string PageLink(int page) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["status"] = Status?.ToString(), ["q"] = Query, ["author"] = AuthorId?.ToString(), ["category"] = Category, ["page"] = page.ToString(),
        }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent() is var query ? "/admin" + query : "/admin";
}
