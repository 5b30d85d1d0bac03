using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Articles;

public sealed class ArticleSanitizingTests_on_Sqlite(SqliteApp app) : ArticleSanitizingTests<SqliteApp>(app);

public sealed class ArticleSanitizingTests_on_Postgres(PostgresApp app) : ArticleSanitizingTests<PostgresApp>(app);

/// <summary>Whatever HTML arrives, only the article's markup is stored and served: no script can reach a reader.</summary>
public abstract class ArticleSanitizingTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private const string HostileBody = """
        <p onclick="stealCookies()">افتتح وزير الثقافة معرض الكتاب الدولي.</p>
        <script>alert('nashir-xss')</script>
        <h2>أرقام المعرض</h2>
        <p>شارك في المعرض <a href="javascript:stealCookies()">ألف ناشر</a> من ثلاثين دولة.</p>
        <iframe src="https://evil.example/frame"></iframe>
        <blockquote>الكتاب ما زال نافذتنا على العالم.</blockquote>
        <figure><img src="https://images.example/fair.jpg" alt="زوار المعرض" onerror="stealCookies()"><figcaption>زوار المعرض في يومه الأول</figcaption></figure>
        """;

    private static readonly string[] Kept =
    [
        "افتتح وزير الثقافة معرض الكتاب الدولي.", "أرقام المعرض", "ألف ناشر", "الكتاب ما زال نافذتنا على العالم.", "زوار المعرض في يومه الأول",
        "<h2>", "<blockquote>", "<figure>", "<figcaption>", "https://images.example/fair.jpg",
    ];

    private static readonly string[] Removed = ["<script", "nashir-xss", "onclick", "onerror", "stealCookies", "javascript:", "<iframe", "evil.example"];

    [Fact]
    public async Task Scripts_handlers_and_frames_are_removed_from_the_body_and_the_text_is_kept()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();

        var article = await api.CreateArticleAsync(ArticleInput.Story() with { Body = HostileBody });

        var stored = (await reader.GetArticleAsync(article.Id)).Body;
        foreach (var body in new[] { article.Body, stored })
        {
            Assert.All(Kept, text => Assert.Contains(text, body, StringComparison.Ordinal));
            Assert.All(Removed, text => Assert.DoesNotContain(text, body, StringComparison.OrdinalIgnoreCase));
        }

        var page = await reader.ReadPageAsync(article.Path);
        Assert.All(Kept, text => Assert.Contains(text, page, StringComparison.Ordinal));
        Assert.All(Removed.Where(text => text != "<script"), text => Assert.DoesNotContain(text, page, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_edit_is_sanitized_like_a_new_article()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());

        var edited = await api.UpdateArticleAsync(article.Id, new ArticleInput { Body = HostileBody, Version = article.Version });

        Assert.All(Kept, text => Assert.Contains(text, edited.Body, StringComparison.Ordinal));
        Assert.All(Removed, text => Assert.DoesNotContain(text, edited.Body, StringComparison.OrdinalIgnoreCase));
    }
}
