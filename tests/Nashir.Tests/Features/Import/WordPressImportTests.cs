using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Import;
using Nashir.Web.Platform.Data;
using Xunit;

namespace Nashir.Tests.Features.Import;

public sealed class WordPressImportTests_on_Sqlite(SqliteApp app) : WordPressImportTests<SqliteApp>(app);

public sealed class WordPressImportTests_on_Postgres(PostgresApp app) : WordPressImportTests<PostgresApp>(app);

/// <summary>The shared WordPress 6.1 export brought over: what readers see, what stays private, what a second run does.</summary>
public abstract class WordPressImportTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    public static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Features", "Import", "wordpress-export-sample.xml");
    private static readonly XNamespace Wp = "http://wordpress.org/export/1.2/";

    [Fact]
    public async Task The_seed_article_reads_as_it_did_on_WordPress_with_its_approved_comments_and_no_emails()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        var report = await site.ImportAsync(new ImportRequest([Fixture]));

        Assert.Empty(report.FileErrors);
        Assert.Equal(21, report["articles"].Imported);
        Assert.Equal(10, report["comments"].Imported);
        Assert.Equal(1, report["authors"].Imported);
        Assert.Equal(6, report["categories"].Imported);
        Assert.Equal(12, report["tags"].Imported);

        // The old plain permalink answers 301 to the article, which WordPress knew as post 4.
        var reader = site.CreateReaderClient();
        using var byId = await reader.GetAsync(new Uri("/?p=4", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MovedPermanently, byId.StatusCode);
        var path = byId.Headers.Location!.OriginalString;
        var page = await reader.ReadPageAsync(path);

        // What WordPress showed (seed-article.txt): headline, paragraphs, one subheading.
        var wordpress = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Features", "Import", "seed-article.txt"));
        const string subheading = "أهمية لقاء بايدن وبوتين";
        Assert.Contains($"<h1", page, StringComparison.Ordinal);
        Assert.Contains(wordpress[0].Trim(), page, StringComparison.Ordinal);
        Assert.Contains($"<h2>{subheading}</h2>", page, StringComparison.Ordinal);
        var paragraphs = wordpress[4..42].Select(l => l.Trim()).Where(l => l.Length > 0 && l != subheading).ToList();
        Assert.Equal(18, paragraphs.Count);
        foreach (var paragraph in paragraphs) Assert.Contains($"<p>{paragraph}</p>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("wp:paragraph", page, StringComparison.Ordinal);

        var export = XDocument.Load(Fixture);
        var comments = export.Descendants(Wp + "comment").Where(c => (string?)c.Element(Wp + "comment_approved") == "1").ToList();
        Assert.Equal(10, comments.Count);
        foreach (var comment in comments)
        {
            Assert.Contains((string)comment.Element(Wp + "comment_content")!, page, StringComparison.Ordinal);
            Assert.Contains((string)comment.Element(Wp + "comment_author")!, page, StringComparison.Ordinal);
        }
        Assert.Contains("<span class=\"comments-count\" data-count=\"10\">10 تعليقات</span>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.invalid", page, StringComparison.Ordinal);
        using var api = await reader.GetAsync(new Uri($"/api/v1/articles/{path.Split('/')[2]}/comments", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("@example.invalid", await api.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // The old pretty permalink (its <link>) and the tag archive find the same places.
        var link = (string)export.Descendants("item").First().Element("link")!;
        using var pretty = await reader.GetAsync(new Uri(new Uri(link).PathAndQuery, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MovedPermanently, pretty.StatusCode);
        Assert.Equal(path, pretty.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, await reader.StatusOfAsync("/tag/%d8%a8%d9%88%d8%aa%d9%8a%d9%86/"));
    }

    [Fact]
    public async Task An_export_split_into_two_files_imports_like_one()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        // Split as WordPress export splitters do: each file has the channel head (authors, terms) and some items.
        var text = await File.ReadAllTextAsync(Fixture, TestContext.Current.CancellationToken);
        var firstItem = text.IndexOf("<item>", StringComparison.Ordinal);
        var middle = text.IndexOf("<item>", text.IndexOf("<wp:post_id>14</wp:post_id>", StringComparison.Ordinal) - 4000, StringComparison.Ordinal);
        var end = text.LastIndexOf("</channel>", StringComparison.Ordinal);
        var first = site.WriteExport(text[..middle] + text[end..]);
        var second = site.WriteExport(text[..firstItem] + text[middle..]);

        var report = await site.ImportAsync(new ImportRequest([first, second]));

        Assert.Empty(report.FileErrors);
        Assert.Equal((21, 10, 1, 6, 12), (report["articles"].Imported, report["comments"].Imported, report["authors"].Imported, report["categories"].Imported, report["tags"].Imported));
        Assert.Equal(0, report["categories"].Existing);
        Assert.Equal(21, (await site.RowsAsync()).Articles);
    }

    [Fact]
    public async Task A_second_import_changes_nothing_and_a_dry_run_writes_nothing()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        var dry = await site.ImportAsync(new ImportRequest([Fixture], DryRun: true));
        Assert.Equal(21, dry["articles"].Imported);
        Assert.Equal(10, dry["comments"].Imported);
        Assert.Equal(Rows.None, await site.RowsAsync());

        await site.ImportAsync(new ImportRequest([Fixture]));
        var before = await site.RowsAsync();
        var again = await site.ImportAsync(new ImportRequest([Fixture]));

        Assert.Equal(before, await site.RowsAsync());
        Assert.Equal((21, 10, 6, 12, 2), (before.Articles, before.Comments, before.Categories, before.Tags, before.Users));
        Assert.All(again.Tallies.Values, t => Assert.Equal(0, t.Imported));
        Assert.Equal(21, again["articles"].Existing);
        Assert.Empty(again.Warnings);
    }

    [Fact]
    public async Task An_item_the_database_refuses_is_reported_and_the_rest_of_its_batch_is_stored_whole()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        // Post 2 twice: the second copy passes every check before the database, whose unique (site, kind, id) refuses it.
        var text = WxrFiles.Document(
            WxrFiles.Post(1, "الأول") + WxrFiles.Post(2, "الثاني", comments: WxrFiles.Comment(20) + WxrFiles.Comment(21, parent: 20)) +
            WxrFiles.Post(2, "الثاني مكررًا", comments: WxrFiles.Comment(22)) + WxrFiles.Post(3, "الثالث"));

        var report = await site.ImportAsync(new ImportRequest([site.WriteExport(text)]));

        Assert.Equal((3, 1), (report["articles"].Imported, report["articles"].Skipped));
        var refused = Assert.Single(report.Warnings);
        Assert.Equal((2, WxrFiles.LineOf(text, "الثاني مكررًا") - 1), (refused.WpId, refused.Position.Line));
        Assert.Contains("رفضته قاعدة البيانات", refused.Message, StringComparison.Ordinal);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var cancel = TestContext.Current.CancellationToken;
        Assert.Equal(["الأول", "الثالث", "الثاني"], (await db.Articles.Select(a => a.Headline).ToListAsync(cancel)).Order());
        // Nothing of the refused copy, all of the others: comments, search documents, the import's own rows.
        Assert.Equal(2, await db.Comments.CountAsync(cancel));
        Assert.Equal(3, await db.Set<Nashir.Web.Features.Search.SearchDocument>().CountAsync(cancel));
        Assert.Equal(3, await db.ImportedItems.CountAsync(i => i.Kind == ImportKinds.Post, cancel));
        Assert.Equal(3, await db.ArticleRevisions.CountAsync(cancel));
        // Searchable as soon as the import ends, and only as stored.
        using var reader = site.CreateClient();
        Assert.Equal(["الثالث"], (await reader.SearchAsync("الثالث")).Items.Select(i => i.Headline));
        Assert.Empty((await reader.SearchAsync("مكررًا")).Items);
    }
}

public sealed record Rows(int Articles, int Comments, int Categories, int Tags, int Redirects, int Users)
{
    public static readonly Rows None = new(0, 0, 0, 0, 0, 1);
}

public static class ImportCalls
{
    public static async Task<ImportReport> ImportAsync(this NashirApp app, ImportRequest request) =>
        await app.Services.GetRequiredService<WordPressImport>().RunAsync(request, cancellationToken: TestContext.Current.CancellationToken);

    public static async Task<Rows> RowsAsync(this NashirApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var cancel = TestContext.Current.CancellationToken;
        return new Rows(await db.Articles.CountAsync(cancel), await db.Comments.CountAsync(cancel), await db.Categories.CountAsync(cancel),
            await db.Tags.CountAsync(cancel), await db.LegacyRedirects.CountAsync(cancel), await db.Users.CountAsync(cancel));
    }
}
