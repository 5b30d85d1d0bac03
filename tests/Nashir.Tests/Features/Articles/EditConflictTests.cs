using System.Net;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Articles;

public sealed class EditConflictTests_on_Sqlite(SqliteApp app) : EditConflictTests<SqliteApp>(app);

public sealed class EditConflictTests_on_Postgres(PostgresApp app) : EditConflictTests<PostgresApp>(app);

/// <summary>Two editors starting from the same version: the first save wins, the second is told, nothing is overwritten.</summary>
public abstract class EditConflictTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    [Fact]
    public async Task A_save_based_on_an_outdated_version_is_refused_and_the_first_save_is_kept()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        var first = new ArticleInput { Headline = "الحكومة تقر خطة الطاقة بعد نقاش طويل", Version = article.Version };
        var second = new ArticleInput { Headline = "البرلمان يرفض خطة الطاقة", Version = article.Version };

        var saved = await api.UpdateArticleAsync(article.Id, first);
        using var refused = await api.PatchArticleAsync(article.Id, second);

        Assert.Equal(article.Version + 1, saved.Version);
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        var stored = await api.GetArticleAsync(article.Id);
        Assert.Equal((first.Headline, saved.Version), (stored.Headline, stored.Version));
    }

    [Fact]
    public async Task A_save_with_an_outdated_If_Match_header_is_refused()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = "عنوان معدل بعد المراجعة", Version = article.Version });

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new ArticleInput { Headline = "عنوان من نسخة قديمة" }, options: ArticlesApiCalls.Json),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{article.Version}\""));
        using var refused = await api.SendAsync(request, TestContext.Current.CancellationToken);

        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("عنوان معدل بعد المراجعة", (await api.GetArticleAsync(article.Id)).Headline);
    }

    [Fact]
    public async Task Of_two_simultaneous_saves_of_the_same_version_exactly_one_wins()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        string[] headlines = ["المحرر الأول يعدل العنوان", "المحرر الثاني يعدل العنوان"];

        var responses = await Task.WhenAll(headlines.Select(headline =>
            api.PatchArticleAsync(article.Id, new ArticleInput { Headline = headline, Version = article.Version })));
        try
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var winner = headlines[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK)];
            var stored = await api.GetArticleAsync(article.Id);
            Assert.Equal((winner, article.Version + 1), (stored.Headline, stored.Version));
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
    }
}
