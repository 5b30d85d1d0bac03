using System.Net;
using Nashir.Tests.Browser;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Platform.Hosting;

/// <summary>
/// What every response tells the browser, checked over a real socket (Kestrel, not the in-memory test
/// server, which adds no Server header of its own): the same on a fresh render and on a cached copy.
/// </summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private NashirApp app = null!;
    private string baseUrl = "";

    public async ValueTask InitializeAsync() => (app, baseUrl) = await Chromium.StartSiteAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Pages_forbid_framing_sniffing_and_foreign_scripts_and_do_not_name_the_server()
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(NashirApp.BrowserUserAgent);
        foreach (var cached in new[] { false, true })
        {
            using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(cached, response.Headers.Age is not null);
            Assert.Contains("script-src 'self'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
            Assert.False(response.Headers.Contains("Server"), "The Server header names the software to attack.");
        }
    }

    [Theory]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/articles?pageSize=1", HttpStatusCode.OK)]
    [InlineData("/api/v1/articles/999999999", HttpStatusCode.NotFound)]
    public async Task Error_pages_and_the_api_carry_the_same_headers(string path, HttpStatusCode status)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";
}
