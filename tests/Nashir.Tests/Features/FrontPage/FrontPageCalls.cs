using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Xunit;

namespace Nashir.Tests.Features.FrontPage;

/// <summary>The front-page screen (/admin/front-page) as an editor uses it, and the public pages as a reader reads
/// them.</summary>
public static partial class FrontPageCalls
{
    public const string Screen = "/admin/front-page";

    /// <summary>Pins through the screen's form: slot "lead" or "featured", on the home page or a section's
    /// archive.</summary>
    public static Task<HttpResponseMessage> PinAsync(this HttpClient staff, int articleId, string slot = "lead",
        string? section = null,
        string? expiresAtLocal = null, string formPath = Screen)
    {
        var fields = new Dictionary<string, string> { ["Pin.ArticleId"] = articleId.ToString(CultureInfo.InvariantCulture), ["Pin.Slot"] = slot };
        if (section is not null) fields["Pin.Section"] = section;
        if (expiresAtLocal is not null) fields["Pin.ExpiresAtLocal"] = expiresAtLocal;
        return staff.SubmitAsync(formPath, fields, Screen + "?handler=Pin");
    }

    public static Task<HttpResponseMessage> PostAlertAsync(this HttpClient staff, string text, string? link = null,
        int? minutes = null, string formPath = Screen)
    {
        var fields = new Dictionary<string, string> { ["Alert.Text"] = text };
        if (link is not null) fields["Alert.Link"] = link;
        if (minutes is not null) fields["Alert.Minutes"] = minutes.Value.ToString(CultureInfo.InvariantCulture);
        return staff.SubmitAsync(formPath, fields, Screen + "?handler=Breaking");
    }

    /// <summary>A screen change answers with a redirect back to the screen (post, redirect, get).</summary>
    public static async Task ShouldBeDoneAsync(this HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        Assert.StartsWith(Screen, response.RedirectPath(), StringComparison.Ordinal);
    }

    /// <summary>The headline of the home page's (or an archive's) lead card.</summary>
    public static string? LeadHeadline(string html) =>
        LeadCard().Match(html) is { Success: true } match ? match.Groups[1].Value.Trim() : null;

    /// <summary>Headlines of the cards in page order.</summary>
    public static IReadOnlyList<string> CardHeadlines(string html) =>
        CardHeadline().Matches(html).Select(m => m.Groups[1].Value.Trim()).ToList();

    /// <summary>The text in the breaking bar embedded in a page, or null when the bar is hidden (no alert).</summary>
    public static string? BreakingText(string html)
    {
        var bar = BreakingBar().Match(html);
        Assert.True(bar.Success, "every public page has the breaking-news bar (shown or hidden)");
        if (bar.Groups["hidden"].Success) return null;
        return BreakingTextPart().Match(bar.Value) is { Success: true } text ? text.Groups[1].Value.Trim() : null;
    }

    public static async Task<JsonElement> BreakingJsonAsync(this HttpClient reader)
    {
        using var response = await reader.GetAsync(new Uri("/breaking.json", UriKind.Relative),
            TestContext.Current.CancellationToken);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("alert").Clone();
    }

    public static string LocalInput(this NashirApp app, DateTimeOffset utc) =>
        app.Services.GetRequiredService<SiteClock>().ToLocal(utc.UtcDateTime).ToString("yyyy-MM-ddTHH:mm",
            CultureInfo.InvariantCulture);

    public static async Task<T> WithDbAsync<T>(this NashirApp app, Func<NashirDb, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<NashirDb>());
    }

    /// <summary>Everything an editor's change would leave behind: pins, alerts and front-page audit lines.</summary>
    public static Task<(int Pins, int Alerts, int Audit)> FrontPageRowsAsync(this NashirApp app) =>
        app.WithDbAsync(async db => (await db.FrontPageSlots.CountAsync(), await db.BreakingAlerts.CountAsync(),
            await db.AuditLog.CountAsync(e => e.Action == "front-page.changed" || e.Action == "breaking.changed")));

    [GeneratedRegex("""<article class="card card-lead">.*?<h3 class="card-headline"><a href="[^"]*">([^<]*)</a>""", RegexOptions.Singleline)]
    private static partial Regex LeadCard();

    [GeneratedRegex("""<h3 class="card-headline"><a href="[^"]*">([^<]*)</a>""")]
    private static partial Regex CardHeadline();

    [GeneratedRegex("""<div id="breaking"[^>]*?(?<hidden>\bhidden\b[^>]*)?>.*?</div>\s*</div>""", RegexOptions.Singleline)]
    private static partial Regex BreakingBar();

    [GeneratedRegex("""class="breaking-text"[^>]*>([^<]*)<""")]
    private static partial Regex BreakingTextPart();
}
