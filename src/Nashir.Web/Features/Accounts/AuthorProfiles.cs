using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Accounts;

/// <summary>What a person writes about themselves; also the profile form's fields.</summary>
public sealed class ProfileInput
{
    public string? DisplayName { get; set; }
    public string? Bio { get; set; }
    public string? PhotoUrl { get; set; }
    public string? XUrl { get; set; }
    public string? FacebookUrl { get; set; }
    public string? LinkedInUrl { get; set; }
    public string? InstagramUrl { get; set; }
    public string? WebsiteUrl { get; set; }
}

/// <summary>A link on the author page: which network, its Arabic label, where it goes.</summary>
public sealed record ProfileLink(string Network, string Label, string Url);

/// <summary>What readers see above an author's articles.</summary>
public sealed record PublicProfile(string Name, string? Bio, string? PhotoUrl, IReadOnlyList<ProfileLink> Links);

/// <summary>
/// Author profiles: Arabic display name, bio, photo URL (until the media library), social links. Saving evicts the
/// cached author pages on every node and the name in the person's cookie (<see cref="StaffStatus"/>).
/// </summary>
public sealed class AuthorProfiles(NashirDb db, AuditLog audit, CacheEviction eviction, StaffStatus status)
{
    public const int UrlLength = 2000;
    public const int BioLength = 1000;

    public Task<ProfileInput?> GetAsync(int userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => new ProfileInput
        {
            DisplayName = u.DisplayName, Bio = u.Bio, PhotoUrl = u.PhotoUrl, XUrl = u.XUrl, FacebookUrl = u.FacebookUrl,
            LinkedInUrl = u.LinkedInUrl, InstagramUrl = u.InstagramUrl, WebsiteUrl = u.WebsiteUrl,
        }).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Saves or returns the errors by field (nothing saved then). Null when there is no such user.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> SaveAsync(int userId, ProfileInput input, Actor actor, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null) return null;
        var errors = new Dictionary<string, string>();
        var name = UserText.CleanLine(input.DisplayName);
        if (name.Length is 0 or > 100) errors[nameof(input.DisplayName)] = "اكتب الاسم كما يظهر للقراء (حتى 100 حرف).";
        else if (UserText.ContainsMarkup(name)) errors[nameof(input.DisplayName)] = "الاسم لا يقبل وسوم HTML.";
        var bio = UserText.StripInvisibleControls(input.Bio ?? "").Trim().ReplaceLineEndings("\n");
        if (bio.Length > BioLength) errors[nameof(input.Bio)] = $"النبذة أطول من {BioLength} حرف.";
        else if (UserText.ContainsMarkup(bio)) errors[nameof(input.Bio)] = "النبذة نص عادي بلا وسوم HTML.";
        var photo = (input.PhotoUrl ?? "").Trim();
        if (photo.Length > UrlLength || photo.Length > 0 && !IsImageUrl(photo))
            errors[nameof(input.PhotoUrl)] = "رابط الصورة يجب أن يكون رابط http(s) كاملًا أو مسارًا يبدأ بـ /.";
        string Link(string field, string? value)
        {
            var url = (value ?? "").Trim();
            if (url.Length > UrlLength || url.Length > 0 && !IsWebUrl(url))
                errors[field] = "اكتب رابطًا كاملًا يبدأ بـ https://";
            return url;
        }
        var x = Link(nameof(input.XUrl), input.XUrl);
        var facebook = Link(nameof(input.FacebookUrl), input.FacebookUrl);
        var linkedIn = Link(nameof(input.LinkedInUrl), input.LinkedInUrl);
        var instagram = Link(nameof(input.InstagramUrl), input.InstagramUrl);
        var website = Link(nameof(input.WebsiteUrl), input.WebsiteUrl);
        if (errors.Count > 0) return errors;

        var changed = new List<string>();
        void Set(string? current, string value, string label, Action<string?> assign)
        {
            var next = value.Length == 0 ? null : value;
            if (current == next) return;
            assign(next);
            changed.Add(label);
        }
        Set(user.DisplayName, name, "الاسم", v => user.DisplayName = v!);
        Set(user.Bio, bio, "النبذة", v => user.Bio = v);
        Set(user.PhotoUrl, photo, "الصورة", v => user.PhotoUrl = v);
        Set(user.XUrl, x, "إكس", v => user.XUrl = v);
        Set(user.FacebookUrl, facebook, "فيسبوك", v => user.FacebookUrl = v);
        Set(user.LinkedInUrl, linkedIn, "لينكدإن", v => user.LinkedInUrl = v);
        Set(user.InstagramUrl, instagram, "إنستغرام", v => user.InstagramUrl = v);
        Set(user.WebsiteUrl, website, "الموقع", v => user.WebsiteUrl = v);
        if (changed.Count == 0) return errors;

        audit.Add(AuditActions.UserUpdated, StaffRoster.Target(user), "الملف الشخصي: " + string.Join("، ", changed), actor);
        await db.SaveChangesAsync(cancellationToken);
        // The author page is a listing (and the byline of every listing may carry the name).
        await eviction.EvictAsync(new Eviction([CachingSetup.ListingsTag], []));
        await status.ChangedAsync(db, userId, CancellationToken.None);
        return errors;
    }

    public async Task<PublicProfile?> PublicAsync(int userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.Bio, u.PhotoUrl, u.XUrl, u.FacebookUrl, u.LinkedInUrl, u.InstagramUrl, u.WebsiteUrl })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null) return null;
        var links = new List<ProfileLink>();
        void Add(string network, string label, string? url)
        {
            if (url is { Length: > 0 } && IsWebUrl(url)) links.Add(new ProfileLink(network, label, url));
        }
        Add("x", "إكس", user.XUrl);
        Add("facebook", "فيسبوك", user.FacebookUrl);
        Add("linkedin", "لينكدإن", user.LinkedInUrl);
        Add("instagram", "إنستغرام", user.InstagramUrl);
        Add("website", "الموقع", user.WebsiteUrl);
        return new PublicProfile(user.DisplayName, user.Bio, user.PhotoUrl, links);
    }

    /// <summary>As the article's featured image: an absolute http(s) URL or a path on this site.</summary>
    private static bool IsImageUrl(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) || IsWebUrl(url);

    private static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
}
