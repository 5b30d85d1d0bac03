using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Articles;
using Xunit;

namespace Nashir.Tests.Features.Articles;

public sealed class PublishArticleTests_on_Sqlite(SqliteApp app) : PublishArticleTests<SqliteApp>(app);

public sealed class PublishArticleTests_on_Postgres(PostgresApp app) : PublishArticleTests<PostgresApp>(app);

/// <summary>Publishing through the API, and what readers then see on the site and in the API.</summary>
public abstract class PublishArticleTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    [Fact]
    public async Task Publishing_an_article_makes_it_visible_everywhere()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var n = Unique.Next();
        var story = ArticleInput.Story() with { Categories = [$"طاقة {n}"], Tags = [$"الطاقة الشمسية {n}"] };

        var article = await api.CreateArticleAsync(story);

        Assert.Equal("published", article.Status);
        Assert.Equal(story.Headline, article.Headline);
        Assert.Equal($"/news/{article.Id}/{Uri.EscapeDataString(article.Slug)}", article.Path);
        Assert.StartsWith("http://localhost/news/", article.Url, StringComparison.Ordinal);
        var category = Assert.Single(article.Categories);
        var tag = Assert.Single(article.Tags);
        var author = Assert.Single(article.Authors);

        var page = await reader.ReadPageAsync(article.Path);
        Assert.Contains(article.Headline, page, StringComparison.Ordinal);
        Assert.Contains("تشمل الخطة بناء محطات جديدة خلال ثلاث سنوات.", page, StringComparison.Ordinal);

        foreach (var listing in new[] { "/", Path("category", category.Slug), Path("tag", tag.Slug), Path("author", author.Slug) })
        {
            var html = await reader.ReadPageAsync(listing);
            Assert.True(html.Contains(article.Headline, StringComparison.Ordinal), $"{listing} does not show the new article's headline.");
            Assert.True(html.Contains($"/news/{article.Id}/", StringComparison.Ordinal), $"{listing} does not link to the new article.");
        }

        Assert.Contains((await reader.ListArticlesAsync()).Items, item => item.Id == article.Id && item.Url == article.Url);
        Assert.Contains((await reader.ListArticlesAsync("?category=" + Uri.EscapeDataString(category.Slug))).Items, item => item.Id == article.Id);
        Assert.Contains((await reader.ListArticlesAsync("?tag=" + Uri.EscapeDataString(tag.Slug))).Items, item => item.Id == article.Id);
        var read = await reader.GetArticleAsync(article.Id);
        Assert.Equal((article.Headline, article.Body, "published"), (read.Headline, read.Body, read.Status));
    }

    [Fact]
    public async Task An_unknown_article_is_404_on_the_site_and_a_problem_in_the_api()
    {
        using var reader = app.CreateReaderClient();

        using var response = await reader.GetAsync(new Uri("/api/v1/articles/987654", UriKind.Relative), TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync("/news/987654/لا-يوجد"));
    }

    [Fact]
    public async Task A_draft_is_seen_by_its_editors_but_not_by_readers()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();

        var draft = await api.CreateArticleAsync(ArticleInput.Story("draft"));

        Assert.Equal("draft", draft.Status);
        Assert.Equal("draft", (await api.GetArticleAsync(draft.Id)).Status);
        await AssertHiddenFromReadersAsync(reader, draft);
    }

    [Fact]
    public async Task A_scheduled_article_appears_when_its_time_comes()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var publishAt = app.Clock.GetUtcNow().AddHours(1);

        var article = await api.CreateArticleAsync(ArticleInput.Story("scheduled") with { PublishAt = publishAt });

        Assert.Equal("scheduled", article.Status);
        Assert.Equal(publishAt.UtcDateTime, Assert.NotNull(article.PublishAt).UtcDateTime, TimeSpan.FromMilliseconds(1));
        await AssertHiddenFromReadersAsync(reader, article);

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        await AssertHiddenFromReadersAsync(reader, article);

        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Contains(article.Headline, await reader.ReadPageAsync(article.Path), StringComparison.Ordinal);
        Assert.Equal(article.Headline, (await reader.GetArticleAsync(article.Id)).Headline);
        Assert.Contains((await reader.ListArticlesAsync()).Items, item => item.Id == article.Id);

        // The background job makes the state true in the database too (it may already have, as the clock passed).
        await app.Services.GetRequiredService<ScheduledPublisher>().PublishDueAsync(TestContext.Current.CancellationToken);
        Assert.Equal("published", (await api.GetArticleAsync(article.Id)).Status);
    }

    [Fact]
    public async Task Changing_the_slug_redirects_the_old_url_permanently()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        var newSlug = $"خطة-الطاقة-الشمسية-{Unique.Next()}";

        var renamed = await api.UpdateArticleAsync(article.Id, new ArticleInput { Slug = newSlug, Version = article.Version });

        Assert.Equal(newSlug, renamed.Slug);
        Assert.NotEqual(article.Path, renamed.Path);
        using var old = await reader.GetAsync(new Uri(article.Path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/news/{article.Id}/{newSlug}", old.RedirectPath());
        Assert.Contains(article.Headline, await reader.ReadPageAsync(renamed.Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_headline_gets_the_next_free_numbered_slug()
    {
        using var api = app.CreateApiClient();
        var headline = $"أسعار الذهب اليوم {Unique.Next()}";
        async Task<string> SlugOfAsync(string title) => (await api.CreateArticleAsync(ArticleInput.Story() with { Headline = title })).Slug;

        var first = await SlugOfAsync(headline);
        var second = await SlugOfAsync(headline);
        var numbered = await SlugOfAsync(headline + " 3"); // its own slug is what the next repeat would have taken
        var slugs = new List<string> { first, second, numbered };
        for (var i = 0; i < 20; i++) slugs.Add(await SlugOfAsync(headline)); // past the first batch of candidates

        Assert.Equal(first + "-2", second);
        Assert.Equal(first + "-3", numbered);
        Assert.Equal(first + "-4", slugs[3]);
        Assert.Equal(first + "-23", slugs[^1]);
        Assert.Equal(slugs.Count, slugs.Distinct().Count());
    }

    [Fact]
    public async Task A_wrong_slug_with_the_right_id_redirects_to_the_article()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());

        using var response = await reader.GetAsync(new Uri($"/news/{article.Id}/{Uri.EscapeDataString("عنوان-قديم")}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/news/{article.Id}/{article.Slug}", response.RedirectPath());
    }

    private static string Path(string kind, string slug) => $"/{kind}/{Uri.EscapeDataString(slug)}";

    private static async Task AssertHiddenFromReadersAsync(HttpClient reader, ArticleJson article)
    {
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync($"/api/v1/articles/{article.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync(article.Path));
        Assert.DoesNotContain((await reader.ListArticlesAsync()).Items, item => item.Id == article.Id);
    }
}
