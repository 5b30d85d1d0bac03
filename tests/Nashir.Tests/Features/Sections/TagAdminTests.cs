using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Xunit;

namespace Nashir.Tests.Features.Sections;

public sealed class TagAdminTests_on_Sqlite(SqliteApp app) : TagAdminTests<SqliteApp>(app);

public sealed class TagAdminTests_on_Postgres(PostgresApp app) : TagAdminTests<PostgresApp>(app);

/// <summary>The tags screen: rename (301), describe, merge duplicates; a rename onto another tag is refused.</summary>
public abstract class TagAdminTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_renamed_and_described_tag_answers_its_old_url_with_301_and_shows_its_description()
    {
        var n = Unique.Next();
        var article = await app.CreateApiClient().CreateArticleAsync(ArticleInput.Story() with { Tags =
            [$"انتخابات {n}"] });
        var id = await TagIdAsync($"انتخابات {n}");
        var oldSlug = await app.QueryDbAsync(db => db.Tags.Where(t => t.Id == id).Select(t => t.Slug)
            .SingleAsync(Cancel));
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using var saved = await admin.SubmitAsync($"/admin/tags?edit={id}", Fields($"الانتخابات البرلمانية {n}",
            $"elections-{n}", "تغطية الانتخابات البرلمانية"), $"/admin/tags?handler=Update&id={id}");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var reader = app.CreateReaderClient();
        using var old = await reader.GetAsync(new Uri($"/tag/{Uri.EscapeDataString(oldSlug)}", UriKind.Relative),
            Cancel);
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/tag/elections-{n}", old.RedirectPath());
        var page = await reader.ReadPageAsync($"/tag/elections-{n}");
        Assert.Contains(article.Headline, page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"archive-description\">تغطية الانتخابات البرلمانية</p>", page,
            StringComparison.Ordinal);
        Assert.Contains("<meta name=\"description\" content=\"تغطية الانتخابات البرلمانية\">", page,
            StringComparison.Ordinal);
        var entry = await app.QueryDbAsync(db => db.AuditLog.SingleAsync(e => e.TargetType == "tag"
            && e.TargetId == id.ToString(CultureInfo.InvariantCulture), Cancel));
        Assert.Contains($"انتخابات {n} ← الانتخابات البرلمانية {n}", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_a_tag_to_another_tags_name_is_refused_and_merging_moves_its_articles()
    {
        var n = Unique.Next();
        using var api = app.CreateApiClient();
        var a = await api.CreateArticleAsync(ArticleInput.Story() with { Tags = [$"كرة القدم {n}"] });
        var b = await api.CreateArticleAsync(ArticleInput.Story() with { Tags = [$"كرة القدم {n}", $"كره القدم {n}"] });
        var c = await api.CreateArticleAsync(ArticleInput.Story() with { Tags = [$"كره القدم {n}"] });
        var right = await TagIdAsync($"كرة القدم {n}");
        var typo = await TagIdAsync($"كره القدم {n}");
        var typoSlug = await app.QueryDbAsync(db => db.Tags.Where(t => t.Id == typo).Select(t => t.Slug)
            .SingleAsync(Cancel));
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using var rename = await admin.SubmitAsync($"/admin/tags?edit={typo}", Fields($"كرة القدم {n}", ""),
            $"/admin/tags?handler=Update&id={typo}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rename.StatusCode);
        Assert.Contains("يوجد وسم آخر باسم", await rename.HtmlAsync(), StringComparison.Ordinal);
        Assert.True(await app.QueryDbAsync(db => db.Tags.AnyAsync(t => t.Id == typo && t.Name == $"كره القدم {n}",
            Cancel)));

        using var merge = await admin.SubmitAsync($"/admin/tags?edit={typo}", new Dictionary<string,
            string> { ["targetId"] = right.ToString(CultureInfo.InvariantCulture) },
            $"/admin/tags?handler=Merge&id={typo}");
        Assert.Equal(HttpStatusCode.Redirect, merge.StatusCode);
        var tagged = await app.QueryDbAsync(db => db.Articles.Where(x => x.Tags.Any(t => t.Id == right))
            .Select(x => x.Id).ToListAsync(Cancel));
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(), tagged.Order());
        Assert.False(await app.QueryDbAsync(db => db.Tags.AnyAsync(t => t.Id == typo, Cancel)));
        using var old = await app.CreateReaderClient().GetAsync(new Uri($"/tag/{Uri.EscapeDataString(typoSlug)}",
            UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
    }

    [Fact]
    public async Task An_author_cannot_rename_or_merge_tags()
    {
        var n = Unique.Next();
        await app.CreateApiClient().CreateArticleAsync(ArticleInput.Story() with { Tags = [$"طقس {n}", $"مناخ {n}"] });
        var weather = await TagIdAsync($"طقس {n}");
        var climate = await TagIdAsync($"مناخ {n}");
        var author = await app.CreateStaffAsync(Roles.Author);
        using var staff = await app.SignInAsync(author.Email, author.Password);

        using var rename = await staff.PostAsStaffAsync($"/admin/tags?handler=Update&id={weather}", Fields($"دخيل {n}",
            ""));
        using var merge = await staff.PostAsStaffAsync($"/admin/tags?handler=Merge&id={weather}",
            new Dictionary<string, string> { ["targetId"] = climate.ToString(CultureInfo.InvariantCulture) });

        await rename.ShouldBeDeniedAsync(staff);
        await merge.ShouldBeDeniedAsync(staff);
        Assert.True(await app.QueryDbAsync(db => db.Tags.AnyAsync(t => t.Id == weather && t.Name == $"طقس {n}",
            Cancel)));
    }

    private Task<int> TagIdAsync(string name) => app.QueryDbAsync(db => db.Tags.Where(t => t.Name == name)
        .Select(t => t.Id).SingleAsync(Cancel));

    private static Dictionary<string, string> Fields(string name, string slug, string description = "") =>
        new() { ["Input.Name"] = name, ["Input.Slug"] = slug, ["Input.Description"] = description };
}
