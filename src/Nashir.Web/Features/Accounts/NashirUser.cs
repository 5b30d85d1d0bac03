using Microsoft.AspNetCore.Identity;

namespace Nashir.Web.Features.Accounts;

public sealed class NashirUser : IdentityUser<int>
{
    public required string DisplayName { get; set; }

    /// <summary>Readable (Arabic) part of the author archive URL.</summary>
    public required string Slug { get; set; }
    public string? Bio { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Set by an admin: no sign-in, no session, no API token (<see cref="StaffStatus"/>); bylines stay.</summary>
    public DateTime? DisabledAt { get; set; }

    /// <summary>The public author page's photo and links (<see cref="AuthorProfiles"/>).</summary>
    public string? PhotoUrl { get; set; }
    public string? XUrl { get; set; }
    public string? FacebookUrl { get; set; }
    public string? LinkedInUrl { get; set; }
    public string? InstagramUrl { get; set; }
    public string? WebsiteUrl { get; set; }
}

/// <summary>WordPress-like roles, from most to least rights.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Editor = "editor";
    public const string Author = "author";
    public const string Contributor = "contributor";

    public static readonly IReadOnlyList<string> All = [Admin, Editor, Author, Contributor];

    public static string ArabicName(string role) => role switch
    {
        Admin => "مدير",
        Editor => "محرر",
        Author => "كاتب",
        Contributor => "مساهم",
        _ => role,
    };
}

/// <summary>A bearer token for the JSON API. Only its SHA-256 hash is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public int UserId { get; set; }
    public NashirUser User { get; set; } = null!;
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
