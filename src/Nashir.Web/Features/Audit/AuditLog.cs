using Nashir.Web.Features.Accounts;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Audit;

/// <summary>The thing an audited action was done to.</summary>
public sealed record AuditTarget(string Type, string Id, string? Label = null);

/// <summary>
/// Writes the audit log. <see cref="Add"/> puts the entry into the caller's unit of work, so it commits with the
/// change it records (or not at all); <see cref="RecordAsync"/> saves at once, for events with no change of their
/// own (a sign-in). The acting person and IP come from the request unless given.
/// </summary>
public sealed class AuditLog(NashirDb db, TimeProvider clock, IHttpContextAccessor http)
{
    public void Add(string action, AuditTarget? target = null, string? detail = null, Actor? actor = null, string? userName = null)
    {
        var context = http.HttpContext;
        actor ??= context is null ? null : Actor.From(context.User);
        db.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = actor?.UserId,
            UserName = Cut(userName ?? actor?.DisplayName, 256),
            Action = action,
            TargetType = target?.Type,
            TargetId = target?.Id,
            TargetLabel = Cut(target?.Label, 300),
            Detail = Cut(detail, 2000),
            Ip = context?.Connection.RemoteIpAddress?.ToString(),
        });
    }

    public async Task RecordAsync(string action, AuditTarget? target = null, string? detail = null, Actor? actor = null,
        string? userName = null, CancellationToken cancellationToken = default)
    {
        Add(action, target, detail, actor, userName);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Cut(string? text, int length) => text is { Length: var n } && n > length ? text[..length] : text;
}

/// <summary>The actions other than articles' (those are <see cref="Articles.ArticleActions"/>).</summary>
public static class AuditActions
{
    public const string SignIn = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string SignOut = "signin.signed-out";
    public const string UserInvited = "user.invited";
    public const string InvitationResent = "user.invitation-resent";
    public const string InvitationRevoked = "user.invitation-revoked";
    public const string UserJoined = "user.joined";
    public const string UserRoleChanged = "user.role-changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string UserUpdated = "user.updated";
    public const string PasswordChanged = "user.password-changed";
    public const string PasswordReset = "user.password-reset";
    public const string TwoFactorChanged = "user.two-factor-changed";
    public const string SectionChanged = "section.changed";
    public const string TagChanged = "tag.changed";
    public const string PageChanged = "page.changed";
    public const string MenuChanged = "menu.changed";
    public const string SocialAccountChanged = "social-account.changed";
    public const string SettingChanged = "setting.changed";
    public const string FrontPageChanged = "front-page.changed";
    public const string BreakingAlert = "breaking.changed";
}
