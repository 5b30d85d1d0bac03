using System.Net;
using Xunit;

namespace Nashir.Tests.Support;

/// <summary>Reading the public site as a visitor does.</summary>
public static class SitePages
{
    /// <summary>GETs a page that must exist and returns its HTML with entities decoded, so Arabic text can be searched as typed.</summary>
    public static async Task<string> ReadPageAsync(this HttpClient reader, string path)
    {
        using var response = await reader.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static async Task<HttpStatusCode> StatusOfAsync(this HttpClient reader, string path)
    {
        using var response = await reader.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>Where a redirect points, as an unescaped path ("/news/5/خطة-الطاقة"), whether the header is absolute or relative.</summary>
    public static string? RedirectPath(this HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
            : Uri.UnescapeDataString(location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);
}
