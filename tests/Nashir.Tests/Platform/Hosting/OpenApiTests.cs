using System.Net;
using System.Text.Json;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Platform.Hosting;

/// <summary>The API contract is published where clients (and code generators) look for it.</summary>
public sealed class OpenApiTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_openapi_document_describes_the_articles_api()
    {
        using var client = app.CreateReaderClient();

        using var response = await client.GetAsync(new Uri("/api/v1/openapi.json", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/articles", out var articles));
        Assert.True(articles.TryGetProperty("get", out _));
        Assert.True(articles.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/articles/{id}", out var article));
        Assert.True(article.TryGetProperty("patch", out _));
    }
}
