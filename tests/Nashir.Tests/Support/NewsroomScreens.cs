using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Web.Platform.Data;
using Xunit;

namespace Nashir.Tests.Support;

/// <summary>The sections, tags, pages, menus and audit screens as staff use them, and a look into the database
/// behind.</summary>
public static partial class NewsroomScreens
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Reads the site's database directly (what a screen wrote, or did not).</summary>
    public static async Task<T> QueryDbAsync<T>(this NashirApp app, Func<NashirDb, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NashirDb>());
    }

    public static Task<int> AuditCountAsync(this NashirApp app) => app.QueryDbAsync(db => db.AuditLog.CountAsync(Cancel));

    /// <summary>Creates a section through /admin/sections and returns its id.</summary>
    public static async Task<int> CreateSectionAsync(this HttpClient staff, NashirApp app, string name, string slug,
        string? description = null, int? parentId = null, int? sortOrder = null)
    {
        using var response = await staff.SubmitAsync("/admin/sections", SectionFields(name, slug, description,
            parentId, sortOrder), "/admin/sections?handler=Create");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.QueryDbAsync(db => db.Categories.Where(c => c.Slug == slug).Select(c => c.Id)
            .SingleAsync(Cancel));
    }

    public static Dictionary<string, string> SectionFields(string name, string slug, string? description = null,
        int? parentId = null, int? sortOrder = null) => new()
    {
        ["Input.Name"] = name,
        ["Input.Slug"] = slug,
        ["Input.Description"] = description ?? "",
        ["Input.ParentId"] = parentId?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["Input.SortOrder"] = sortOrder?.ToString(CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// POSTs to a handler with a valid anti-forgery token taken from a page every staff member may open (/admin):
    /// what a person refused the screen could still send.
    /// </summary>
    public static Task<HttpResponseMessage> PostAsStaffAsync(this HttpClient staff, string postPath,
        IDictionary<string, string> fields) =>
        staff.SubmitAsync("/admin", fields, postPath);

    /// <summary>The refusal of the editors' area: a redirect to /admin/denied, which answers 403.</summary>
    public static async Task ShouldBeDeniedAsync(this HttpResponseMessage response, HttpClient staff)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.RedirectPath();
        Assert.Equal("/admin/denied", location);
        using var denied = await staff.GetAsync(new Uri(location!, UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    /// <summary>The names in the public header navigation, in order (the home link first).</summary>
    public static IReadOnlyList<string> HeaderLinks(string html) => Links(NavPattern().Match(html).Value);

    /// <summary>The links of the footer menu, in order.</summary>
    public static IReadOnlyList<string> FooterLinks(string html) => Links(FooterPattern().Match(html).Value);

    private static List<string> Links(string nav) =>
        LinkPattern().Matches(nav).Select(m => WebUtility.HtmlDecode(m.Groups["text"].Value).Trim()).ToList();

    [GeneratedRegex("<nav class=\"sections\".*?</nav>", RegexOptions.Singleline)]
    private static partial Regex NavPattern();

    [GeneratedRegex("<nav class=\"footer-menu\".*?</nav>", RegexOptions.Singleline)]
    private static partial Regex FooterPattern();

    [GeneratedRegex("<a [^>]*>(?<text>[^<]*)</a>")]
    private static partial Regex LinkPattern();
}
