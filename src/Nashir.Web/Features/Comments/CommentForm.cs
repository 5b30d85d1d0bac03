using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Nashir.Web.Features.Comments;

public enum StampCheck { Fresh, TooSoon, Expired, Missing }

/// <summary>
/// What the comment form carries and the browser keeps, signed with Data Protection so no one can
/// forge it: the time the form was rendered (minimum time-to-submit), the reader's own pending
/// comments ("awaiting moderation" for them, nobody else) and, with consent, their name and email.
/// </summary>
public sealed class CommentForm(IDataProtectionProvider protection, TimeProvider clock, IOptionsMonitor<CommentOptions> options)
{
    /// <summary>Starts with "nashir.": the output cache neither serves nor stores pages for requests with site cookies.</summary>
    public const string PendingCookie = "nashir.comments";
    public const string CommenterCookie = "nashir.commenter";

    /// <summary>The honeypot: hidden from people by CSS, filled in by form-stuffing bots.</summary>
    public const string TrapField = "Input.Homepage";

    private const int PendingKept = 20;

    private readonly IDataProtector stamps = protection.CreateProtector("Nashir.Comments.Stamp");
    private readonly IDataProtector cookies = protection.CreateProtector("Nashir.Comments.Cookie");

    private sealed record SignedSecond(long Second, string Stamp);

    private SignedSecond? lastStamp;

    /// <summary>The signed render time. Reused within a second (swapped as one reference, so threads never see half of it):
    /// every article view renders a form, and signing costs more than the rest of the form.</summary>
    public string Stamp()
    {
        var second = clock.GetUtcNow().ToUnixTimeSeconds();
        if (lastStamp is { } last && last.Second == second) return last.Stamp;
        var stamp = stamps.Protect((second * 1000).ToString(CultureInfo.InvariantCulture));
        lastStamp = new SignedSecond(second, stamp);
        return stamp;
    }

    public StampCheck Check(string? stamp)
    {
        if (string.IsNullOrEmpty(stamp)) return StampCheck.Missing;
        long issued;
        try
        {
            if (!long.TryParse(stamps.Unprotect(stamp), CultureInfo.InvariantCulture, out issued)) return StampCheck.Missing;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return StampCheck.Missing;
        }
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(issued);
        var settings = options.CurrentValue;
        if (age < settings.MinimumTimeToSubmit) return StampCheck.TooSoon;
        return age > settings.FormLifetime ? StampCheck.Expired : StampCheck.Fresh;
    }

    public IReadOnlyList<int> PendingIds(HttpRequest request)
    {
        var value = Read(request, PendingCookie);
        if (value is null) return [];
        return value.Split(',').Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
    }

    public void AddPending(HttpContext http, int commentId)
    {
        var ids = PendingIds(http.Request).Append(commentId).Distinct().TakeLast(PendingKept);
        Write(http.Response, PendingCookie, string.Join(',', ids), TimeSpan.FromDays(30));
    }

    public (string Name, string Email, string? Website)? Commenter(HttpRequest request) =>
        Read(request, CommenterCookie)?.Split('\n') is [var name, var email, var website] ? (name, email, website.Length > 0 ? website : null) : null;

    public void Remember(HttpContext http, CleanComment comment, bool consent)
    {
        if (consent) Write(http.Response, CommenterCookie, $"{comment.Name}\n{comment.Email}\n{comment.Website}", TimeSpan.FromDays(365));
        else if (http.Request.Cookies.ContainsKey(CommenterCookie)) http.Response.Cookies.Delete(CommenterCookie);
    }

    private string? Read(HttpRequest request, string name)
    {
        if (!request.Cookies.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw)) return null;
        try
        {
            return cookies.Unprotect(raw);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private void Write(HttpResponse response, string name, string value, TimeSpan lifetime) =>
        response.Cookies.Append(name, cookies.Protect(value), new CookieOptions
        {
            HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps,
            MaxAge = lifetime, Path = "/",
        });
}
