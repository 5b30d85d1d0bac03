using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Accounts;

/// <summary>An invitation just made or renewed: its link (shown once) and whether the e-mail went out.</summary>
public sealed record InvitationSent(Invitation Invitation, string Link, InvitationMailResult Mail);

/// <summary>The answer to "invite": the link, or why not (and which field: "email" or "role").</summary>
public sealed record InviteResult(InvitationSent? Sent, string? Field, string? Error)
{
    public static InviteResult Refused(string field, string error) => new(null, field, error);
}

/// <summary>Why a link no longer works; each gets its own Arabic page text.</summary>
public enum InvitationProblem { Unknown, Expired, Used, Revoked }

/// <summary>An invitation link as opened: usable (with what the form shows) or not (why).</summary>
public sealed record InvitationCheck(Invitation? Invitation, string? SuggestedName, InvitationProblem? Problem);

/// <summary>The answer to "accept": the new (or completed) account, errors by field, or a dead link.</summary>
public sealed record AcceptResult(NashirUser? User, IReadOnlyDictionary<string, string> Errors, InvitationProblem? Problem);

/// <summary>
/// Inviting staff: a single-use link that expires (<see cref="InvitationOptions.InvitationLifetime"/>), resent with a
/// new token (the old one dies) or revoked; accepting creates the account with the invitee's name and password, or
/// completes an imported WordPress author's account (their bylines stay theirs). Only token hashes are stored.
/// </summary>
public sealed class Invitations(
    NashirDb db, UserManager<NashirUser> users, AuditLog audit, InvitationMailer mailer, StaffStatus status,
    SqliteWriteGate writeGate, TimeProvider clock, IOptions<InvitationOptions> options, IOptions<NashirOptions> site)
{
    public const int EmailLength = 256;

    public async Task<InviteResult> InviteAsync(
        string? email, string? role, int? userId, Actor? actor, string? actorName, CancellationToken cancellationToken)
    {
        var address = (email ?? "").Trim().ToLowerInvariant();
        if (address.Length is 0 or > EmailLength || !new EmailAddressAttribute().IsValid(address) || !address.Contains('.', StringComparison.Ordinal))
            return InviteResult.Refused("email", "اكتب بريدًا إلكترونيًا صالحًا، مثل name@example.com.");
        if (role is null || !Roles.All.Contains(role))
            return InviteResult.Refused("role", "اختر دورًا: مساهم أو كاتب أو محرر أو مدير (contributor, author, editor, admin).");

        var normalized = users.NormalizeEmail(address);
        var owner = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        NashirUser? account = owner;
        if (userId is { } id)
        {
            account = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
            if (account is null) return InviteResult.Refused("email", "لا يوجد حساب بهذا المعرّف.");
            if (owner is not null && owner.Id != id)
                return InviteResult.Refused("email", "هذا البريد لحساب آخر في الموقع: اختر بريدًا غيره.");
        }
        if (account is { PasswordHash: not null })
            return InviteResult.Refused("email", account.DisabledAt is null
                ? "لهذا البريد حساب نشِط في الموقع: لا حاجة إلى دعوته، ويمكن تغيير دوره من القائمة."
                : "لهذا البريد حساب معطَّل في الموقع: فعِّله من القائمة بدل دعوته.");
        if (account is { DisabledAt: not null })
            return InviteResult.Refused("email", "هذا الحساب معطَّل: فعِّله من القائمة أولًا ثم ادعُه.");

        var now = clock.GetUtcNow().UtcDateTime;
        var secret = NewSecret();
        var invitation = new Invitation
        {
            Email = address,
            Role = role,
            TokenHash = ApiTokens.Hash(secret),
            CreatedById = actor?.UserId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.InvitationLifetime,
            UserId = account?.Id,
        };
        var accountId = account?.Id;
        using (await writeGate.EnterAsync(db, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // A fresh invitation replaces any earlier open one for the same person: only the newest link works.
            await db.Invitations
                .Where(i => i.AcceptedAt == null && i.RevokedAt == null && (i.Email == address || accountId != null && i.UserId == accountId))
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.RevokedAt, now), cancellationToken);
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync(cancellationToken); // the audit line names the invitation by its id
            audit.Add(AuditActions.UserInvited, Target(invitation), $"الدور: {Roles.ArabicName(role)}", actor, actorName);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var link = Link(secret);
        return new InviteResult(new InvitationSent(invitation, link, await mailer.SendAsync(invitation, link, actor, cancellationToken)), null, null);
    }

    /// <summary>A new link for an open (or expired) invitation; the previous link stops working.</summary>
    public async Task<InvitationSent?> ResendAsync(int id, Actor? actor, string? actorName, CancellationToken cancellationToken)
    {
        var invitation = await db.Invitations.AsTracking()
            .FirstOrDefaultAsync(i => i.Id == id && i.AcceptedAt == null && i.RevokedAt == null, cancellationToken);
        if (invitation is null) return null;
        var secret = NewSecret();
        var now = clock.GetUtcNow().UtcDateTime;
        invitation.TokenHash = ApiTokens.Hash(secret);
        invitation.ExpiresAt = now + options.Value.InvitationLifetime;
        audit.Add(AuditActions.InvitationResent, Target(invitation), $"الدور: {Roles.ArabicName(invitation.Role)}", actor, actorName);
        using (await writeGate.EnterAsync(db, cancellationToken)) await db.SaveChangesAsync(cancellationToken);
        var link = Link(secret);
        return new InvitationSent(invitation, link, await mailer.SendAsync(invitation, link, actor, cancellationToken));
    }

    public async Task<bool> RevokeAsync(int id, Actor? actor, string? actorName, CancellationToken cancellationToken)
    {
        var invitation = await db.Invitations.AsTracking()
            .FirstOrDefaultAsync(i => i.Id == id && i.AcceptedAt == null && i.RevokedAt == null, cancellationToken);
        if (invitation is null) return false;
        invitation.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.InvitationRevoked, Target(invitation), null, actor, actorName);
        using (await writeGate.EnterAsync(db, cancellationToken)) await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>What the accept page shows for a link: the form, or why the link is dead. Changes nothing.</summary>
    public async Task<InvitationCheck> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        var invitation = await FindAsync(token, cancellationToken);
        if (ProblemOf(invitation) is { } problem) return new InvitationCheck(null, null, problem);
        var name = invitation!.UserId is { } id
            ? await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new InvitationCheck(invitation, name, null);
    }

    /// <summary>
    /// Creates the account (or completes the imported one) with the invitee's name and password, in one transaction
    /// with the invitation's use: a second use of the link, even at the same moment, finds it used.
    /// </summary>
    public async Task<AcceptResult> AcceptAsync(string? token, string? displayName, string? password, string? confirmation,
        CancellationToken cancellationToken)
    {
        var invitation = await FindAsync(token, cancellationToken);
        if (ProblemOf(invitation) is { } problem) return Dead(problem);

        var errors = new Dictionary<string, string>();
        var name = UserText.CleanLine(displayName);
        if (name.Length is 0 or > 100) errors["DisplayName"] = "اكتب اسمك كما يظهر للقراء (حتى 100 حرف).";
        else if (UserText.ContainsMarkup(name)) errors["DisplayName"] = "الاسم لا يقبل وسوم HTML.";
        var existing = invitation!.UserId is { } userId
            ? await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            : null;
        if (invitation.UserId is not null && existing is not { PasswordHash: null, DisabledAt: null }) return Dead(InvitationProblem.Used);
        var user = existing ?? new NashirUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            DisplayName = name,
            Slug = "",
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (string.IsNullOrEmpty(password)) errors["Password"] = "اختر كلمة مرور.";
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var check = await validator.ValidateAsync(users, user, password);
                if (!check.Succeeded) errors["Password"] = string.Join(" ", check.Errors.Select(e => e.Description));
            }
            if (!errors.ContainsKey("Password") && password != confirmation)
                errors["PasswordConfirmation"] = "كلمتا المرور غير متطابقتين.";
        }
        if (errors.Count > 0) return new AcceptResult(null, errors, null);

        var now = clock.GetUtcNow().UtcDateTime;
        using (await writeGate.EnterAsync(db, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.Invitations
                .Where(i => i.Id == invitation.Id && i.TokenHash == invitation.TokenHash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, now), cancellationToken);
            if (claimed == 0) return Dead(InvitationProblem.Used);

            user.DisplayName = name;
            user.EmailConfirmed = true;
            IdentityResult result;
            if (existing is null)
            {
                user.Slug = await Slugs.FirstFreeAsync(db.Users.Select(u => u.Slug), Slugs.From(name) is { Length: > 0 } slug ? slug : "author",
                    claim: null, cancellationToken);
                result = await users.CreateAsync(user, password!);
            }
            else
            {
                // The invitation's address becomes the account's (an imported author may have had a placeholder).
                user.Email = user.UserName = invitation.Email;
                user.NormalizedEmail = users.NormalizeEmail(invitation.Email);
                user.NormalizedUserName = users.NormalizeName(invitation.Email);
                result = await users.AddPasswordAsync(user, password!);
            }
            if (!result.Succeeded)
            {
                db.ChangeTracker.Clear();
                return new AcceptResult(null, new Dictionary<string, string> { ["Password"] = string.Join(" ", result.Errors.Select(e => e.Description)) }, null);
            }
            var roleId = await db.Roles.Where(r => r.Name == invitation.Role).Select(r => r.Id).SingleAsync(cancellationToken);
            db.UserRoles.RemoveRange(await db.UserRoles.AsTracking().Where(r => r.UserId == user.Id).ToListAsync(cancellationToken));
            db.UserRoles.Add(new IdentityUserRole<int> { UserId = user.Id, RoleId = roleId });
            await db.Invitations.Where(i => i.Id == invitation.Id).ExecuteUpdateAsync(set => set.SetProperty(i => i.UserId, user.Id), cancellationToken);
            audit.Add(AuditActions.UserJoined, StaffRoster.Target(user), $"الدور: {Roles.ArabicName(invitation.Role)}",
                new Actor(user.Id, user.DisplayName, invitation.Role));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await status.ChangedAsync(db, user.Id, CancellationToken.None);
        return new AcceptResult(user, new Dictionary<string, string>(), null);

        static AcceptResult Dead(InvitationProblem problem) => new(null, new Dictionary<string, string>(), problem);
    }

    /// <summary>The absolute link (from Nashir:Site:Url) for a token.</summary>
    public string Link(string secret) => $"{site.Value.Site.Url.TrimEnd('/')}/admin/invitation/{secret}";

    private async Task<Invitation?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        // 43 characters are issued; anything far from that is not ours and costs no query.
        if (token is null || token.Length is < 20 or > 100) return null;
        var hash = ApiTokens.Hash(token);
        return await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
    }

    private InvitationProblem? ProblemOf(Invitation? invitation) => invitation switch
    {
        null => InvitationProblem.Unknown,
        { AcceptedAt: not null } => InvitationProblem.Used,
        { RevokedAt: not null } => InvitationProblem.Revoked,
        _ when invitation.ExpiresAt <= clock.GetUtcNow().UtcDateTime => InvitationProblem.Expired,
        _ => null,
    };

    private static AuditTarget Target(Invitation invitation) =>
        new("user", invitation.UserId?.ToString(CultureInfo.InvariantCulture) ?? "invitation-" + invitation.Id.ToString(CultureInfo.InvariantCulture),
            invitation.Email);

    /// <summary>256 random bits, URL-safe.</summary>
    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
