using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Comments;
using Nashir.Web.Features.Import;
using Nashir.Web.Platform.Data;
using Xunit;
using static Nashir.Tests.Features.Import.WxrFiles;

namespace Nashir.Tests.Features.Import;

/// <summary>
/// Every kind of bad export the issue lists: a clear message with the WordPress id and the line, the rest of
/// the import goes on, and the report lists what was skipped. Parsing and these rules do not depend on the
/// database engine; the fixture import runs on both engines in WordPressImportTests.
/// </summary>
public sealed class BadExportTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly string Good = WordPressImportTests<SqliteApp>.Fixture;

    [Fact]
    public async Task A_file_that_is_not_XML_is_reported_and_the_next_file_still_imports()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        var report = await site.ImportAsync(new ImportRequest([site.WriteExport("this is a spreadsheet, not an export"), Good]));

        var error = Assert.Single(report.FileErrors);
        Assert.Contains("export.xml:1", error, StringComparison.Ordinal);
        Assert.Contains("ليس XML", error, StringComparison.Ordinal);
        Assert.Equal(21, report["articles"].Imported);
    }

    [Fact]
    public async Task A_truncated_file_keeps_the_whole_items_before_the_cut_and_nothing_of_the_cut_one()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        var text = File.ReadAllText(Good);
        var third = text.IndexOf("<item>", text.IndexOf("<item>", text.IndexOf("<item>", StringComparison.Ordinal) + 1, StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        var cut = text[..(third + 200)];

        var report = await site.ImportAsync(new ImportRequest([site.WriteExport(cut)]));

        var error = Assert.Single(report.FileErrors);
        Assert.Contains("مقطوع", error, StringComparison.Ordinal);
        Assert.Matches(@"export\.xml:\d+", error);
        var rows = await site.RowsAsync();
        Assert.Equal((2, 10), (rows.Articles, rows.Comments));
        // Run again with the whole file: the rest comes, nothing twice.
        var rest = await site.ImportAsync(new ImportRequest([Good]));
        Assert.Equal((19, 2), (rest["articles"].Imported, rest["articles"].Existing));
        Assert.Equal(21, (await site.RowsAsync()).Articles);
    }

    [Fact]
    public async Task An_RSS_feed_and_an_unknown_WXR_version_are_refused_with_what_they_are()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        var rss = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>أخبار</title><link>https://news.example</link>
            <item><title>خبر</title><link>https://news.example/1</link><description>نص</description></item>
            </channel></rss>
            """;
        var report = await site.ImportAsync(new ImportRequest([site.WriteExport(rss), site.WriteExport(Document(Post(1, "خبر"), version: "2.0"))]));

        Assert.Equal(2, report.FileErrors.Count);
        Assert.Contains("export.xml:3", report.FileErrors[0], StringComparison.Ordinal);
        Assert.Contains("ليس تصدير ووردبريس", report.FileErrors[0], StringComparison.Ordinal);
        Assert.Contains("إصدار WXR غير معروف: «2.0»", report.FileErrors[1], StringComparison.Ordinal);
        Assert.Equal(0, (await site.RowsAsync()).Articles);
    }

    [Fact]
    public async Task Items_with_a_missing_title_a_broken_date_a_missing_file_or_an_absent_parent_are_reported_with_id_and_line()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        var media = Path.Combine(site.Storage.DataDirectory, "old-uploads");
        Directory.CreateDirectory(Path.Combine(media, "2024", "03"));
        await File.WriteAllBytesAsync(Path.Combine(media, "2024", "03", "here.jpg"), [0xFF, 0xD8, 0xFF], TestContext.Current.CancellationToken);
        var text = Document(
            Attachment(50, "2024/03/here.jpg") +
            Attachment(51, "2024/03/gone.jpg") +
            Post(101, title: null) +
            Post(102, "تاريخ مكسور", dateGmt: "2024-13-45 99:00:00") +
            Post(103, "خبر سليم", meta: Meta("_thumbnail_id", "50") + Meta("post_views_count", "1234"),
                comments: Comment(900) + Comment(901, parent: 900) + Comment(902, parent: 777) + Comment(903, approved: "0") + Comment(904, approved: "trash")) +
            Post(104, "صورته مفقودة", meta: Meta("_thumbnail_id", "51")));
        var file = site.WriteExport(text);

        var report = await site.ImportAsync(new ImportRequest([file], MediaFolder: media));

        Assert.Empty(report.FileErrors);
        ImportWarning Warning(string kind, long id) => Assert.Single(report.Warnings, w => w.Kind == kind && w.WpId == id);
        var title = Warning("articles", 101);
        Assert.True(title.Skipped);
        Assert.Equal(ItemLine(text, 101), title.Position.Line);
        Assert.Contains("بلا عنوان", title.Message, StringComparison.Ordinal);
        var date = Warning("articles", 102);
        Assert.Equal(ItemLine(text, 102), date.Position.Line);
        Assert.Contains("2024-13-45", date.Message, StringComparison.Ordinal);
        var file51 = Warning("media", 51);
        Assert.Equal(ItemLine(text, 51), file51.Position.Line);
        Assert.Contains("gone.jpg", file51.Message, StringComparison.Ordinal);
        var orphan = Warning("comments", 902);
        Assert.Equal(LineOf(text, "<wp:comment_id>902<") - 1, orphan.Position.Line);
        Assert.Contains("#777", orphan.Message, StringComparison.Ordinal);
        Assert.True(Warning("comments", 904).Skipped);
        Assert.Contains("export.xml:", title.ToString(), StringComparison.Ordinal);

        Assert.Equal((2, 2), (report["articles"].Imported, report["articles"].Skipped));
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var cancel = TestContext.Current.CancellationToken;
        var article = await db.Articles.Include(a => a.Categories).SingleAsync(a => a.Headline == "خبر سليم", cancel);
        Assert.Equal(1234, article.ReadCount);
        Assert.Equal("/media/2024/03/here.jpg", article.FeaturedImageUrl);
        Assert.Equal("سياسة", Assert.Single(article.Categories).Name);
        Assert.Equal(ArticleStatus.Published, article.Status);
        var comments = await db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.CreatedAt).ToListAsync(cancel);
        Assert.Equal(4, comments.Count); // the trashed one stays behind
        Assert.Equal(comments[0].Id, comments[1].ParentId);
        Assert.Equal(1, comments[1].Depth);
        Assert.Null(comments[2].ParentId);
        Assert.Equal(CommentStatus.Pending, comments[3].Status);
        Assert.Equal(3, article.CommentCount);
        Assert.Equal("http://old.example/wp-content/uploads/2024/03/gone.jpg",
            await db.Articles.Where(a => a.Headline == "صورته مفقودة").Select(a => a.FeaturedImageUrl).SingleAsync(cancel));
        Assert.Equal(HttpStatusCode.OK, await site.CreateReaderClient().StatusOfAsync("/media/2024/03/here.jpg"));
    }
}
