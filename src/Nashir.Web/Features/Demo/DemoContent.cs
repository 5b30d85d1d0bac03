using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Demo;

/// <summary>
/// Fills an empty site with the seed article (the real WordPress page Nashir replaces, read count
/// 10) and a handful of others, so the first start shows a real news site. Demo articles are marked
/// IsDemo, so nothing announces them (social posts, notifications).
/// </summary>
public sealed class DemoContent(NashirDb db, ArticleEditor editor, TimeProvider clock, ILogger<DemoContent> logger)
{
    public const string SeedHeadline = "البيت الأبيض يكشف تفاصيل مباحثات جو بايدن مع أمين عام حلف الناتو";

    private static readonly (string Name, string Slug)[] Sections =
        [("سياسة", "سياسة"), ("اقتصاد", "اقتصاد"), ("رياضة", "رياضة"), ("تكنولوجيا", "تكنولوجيا"), ("ثقافة", "ثقافة")];

    public async Task AddIfEmptyAsync(NashirUser admin, CancellationToken cancellationToken)
    {
        if (await db.Articles.AnyAsync(cancellationToken)) return;

        for (var i = 0; i < Sections.Length; i++)
            db.Categories.Add(new Category { Name = Sections[i].Name, Slug = Sections[i].Slug, SortOrder = i });
        await db.SaveChangesAsync(cancellationToken);

        var actor = new Actor(admin.Id, admin.DisplayName, Roles.Admin);
        var now = clock.GetUtcNow().UtcDateTime;
        var demo = ReadDemoArticles().ToList();
        for (var i = 0; i < demo.Count; i++)
        {
            var (category, headline, tags, body) = demo[i];
            await PublishAsync(actor, new ArticleChanges
            {
                Headline = headline,
                Body = body,
                Categories = [category],
                Tags = tags,
                Status = ArticleStatus.Published,
                PublishAt = now.AddHours(-(demo.Count - i) * 5),
            }, cancellationToken);
        }

        var (seedHeadline, seedReads, seedBody) = ReadSeedArticle();
        var seed = await PublishAsync(actor, new ArticleChanges
        {
            Headline = seedHeadline,
            Kicker = "قمة جنيف",
            Body = seedBody,
            Categories = ["سياسة"],
            Tags = ["بايدن", "بوتين", "حلف الناتو", "الولايات المتحدة", "روسيا"],
            Status = ArticleStatus.Published,
            PublishAt = now.AddMinutes(-30),
        }, cancellationToken);
        await db.Articles.Where(a => a.Id == seed.Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.ReadCount, seedReads), cancellationToken);
        logger.LogInformation("Demo content published: {Count} articles", demo.Count + 1);
    }

    /// <summary>
    /// `demo generate --count N`: N more published articles built from the demo texts, for load tests
    /// (10,000 articles is a few years of a busy Arabic news site). Goes through the real editor.
    /// </summary>
    public async Task<int> GenerateAsync(NashirUser admin, int count, CancellationToken cancellationToken)
    {
        var actor = new Actor(admin.Id, admin.DisplayName, Roles.Admin);
        var templates = ReadDemoArticles().ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < count; i++)
        {
            var (category, headline, tags, body) = templates[i % templates.Count];
            await PublishAsync(actor, new ArticleChanges
            {
                Headline = $"{headline} ({i + 1})",
                Body = body,
                Categories = [category],
                Tags = tags,
                Status = ArticleStatus.Published,
                PublishAt = now.AddMinutes(-(count - i) * 7 - 60),
            }, cancellationToken);
            // The editor is scoped; clear what it tracked so memory stays flat over a long run.
            db.ChangeTracker.Clear();
        }
        return count;
    }

    private async Task<Article> PublishAsync(Actor actor, ArticleChanges changes, CancellationToken cancellationToken) =>
        await editor.CreateDemoAsync(actor, changes, cancellationToken) is SaveOutcome.Saved saved
            ? saved.Article
            : throw new InvalidOperationException("Demo article was refused: " + changes.Headline);

    /// <summary>The seed page as text: headline, read count, paragraphs; the one short unpunctuated line is its subheading.</summary>
    internal static (string Headline, long Reads, string Body) ReadSeedArticle()
    {
        var lines = ReadResource("seed-article.txt").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var end = lines.FindIndex(l => l.StartsWith("اترك", StringComparison.Ordinal));
        var body = new StringBuilder();
        foreach (var line in lines[2..(end < 0 ? lines.Count : end)])
        {
            var isSubheading = line.Length < 60 && !".،:؛؟!\"”".Contains(line[^1], StringComparison.Ordinal);
            body.Append(isSubheading ? "<h2>" : "<p>").Append(WebUtility.HtmlEncode(line)).Append(isSubheading ? "</h2>\n" : "</p>\n");
        }
        return (lines[0], long.Parse(lines[1]), body.ToString());
    }

    private static IEnumerable<(string Category, string Headline, string[] Tags, string Body)> ReadDemoArticles()
    {
        string? category = null, headline = null;
        string[] tags = [];
        var body = new StringBuilder();
        foreach (var line in ReadResource("demo-articles.txt").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                if (headline is not null) yield return (category!, headline, tags, body.ToString());
                var parts = line[2..].Split('|', StringSplitOptions.TrimEntries);
                (category, headline, tags) = (parts[0], parts[1], parts[2].Split(',', StringSplitOptions.TrimEntries));
                body.Clear();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                body.Append("<h2>").Append(WebUtility.HtmlEncode(line[3..])).Append("</h2>\n");
            }
            else
            {
                body.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>\n");
            }
        }
        if (headline is not null) yield return (category!, headline, tags, body.ToString());
    }

    private static string ReadResource(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(name, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }
}
