using System.Net;
using Xunit;

namespace Nashir.Tests.Support;

/// <summary>The editors' area as a signed-in person uses it: open a form, change fields, press a button.</summary>
public static class EditorForms
{
    /// <summary>GETs the page holding the form (for its anti-forgery token), then POSTs the fields to it.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient staff, string formPath, IDictionary<string, string> fields, string? postPath = null)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var form = await staff.GetAsync(new Uri(formPath, UriKind.Relative), cancel);
        await form.ShouldBeAsync(HttpStatusCode.OK);
        var token = NashirApp.AntiforgeryToken(await form.Content.ReadAsStringAsync(cancel))
            ?? throw new Xunit.Sdk.XunitException($"{formPath} has no anti-forgery token.");
        return await staff.PostFormAsync(postPath ?? formPath, new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    public static async Task<string> HtmlAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    /// <summary>The article id from the editor's redirect after a save (/admin/articles/{id}).</summary>
    public static int SavedArticleId(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var path = response.RedirectPath()!;
        Assert.StartsWith("/admin/articles/", path, StringComparison.Ordinal);
        return int.Parse(path["/admin/articles/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
