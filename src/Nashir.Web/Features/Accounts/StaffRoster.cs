using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Accounts;

/// <summary>Where a person stands in the newsroom, as the staff list shows it.</summary>
public enum StaffStanding { Active, Disabled, Invited, InvitationExpired, ImportedWithoutPassword }

/// <summary>One line of the staff list: an account, or an open invitation of someone who has none yet.</summary>
public sealed record StaffRow(
    int? UserId, string? DisplayName, string Email, string Role, StaffStanding Standing, bool TwoFactor,
    int? InvitationId, DateTime? InvitationExpiresAt)
{
    public static string StandingName(StaffStanding standing) => standing switch
    {
        StaffStanding.Active => "نشِط",
        StaffStanding.Disabled => "معطَّل",
        StaffStanding.Invited => "مدعو",
        StaffStanding.InvitationExpired => "انتهت صلاحية الدعوة",
        StaffStanding.ImportedWithoutPassword => "مستورد بلا كلمة مرور",
        _ => standing.ToString(),
    };
}

/// <summary>The answer to an admin's change: done (with what to tell them) or refused (why; nothing changed).</summary>
public sealed record StaffResult(bool Succeeded, string Message)
{
    public static StaffResult Done(string message) => new(true, message);
    public static StaffResult Refused(string message) => new(false, message);
}

/// <summary>
/// The newsroom's people: the list, roles, disabling and enabling. Every change is one transaction with its audit
/// line, serialized with the other staff changes (so two admins demoting each other cannot leave the site with no
/// admin), then evicted on every node (<see cref="StaffStatus"/>).
/// </summary>
public sealed class StaffRoster(
    NashirDb db, AuditLog audit, StaffStatus status, SqliteWriteGate writeGate, TimeProvider clock)
{
    /// <summary>Identity's lockout keeps a disabled person from signing in; "for ever", within what both databases store.</summary>
    internal static readonly DateTimeOffset DisabledLockout = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Any advisory-lock number unique to staff changes (PostgreSQL; SQLite has one writer anyway).</summary>
    private const long StaffLock = 0x4E53_5246_0001;

    public const string LastAdminMessage =
        "لا يمكن ذلك: هذا آخر مدير نشِط في الموقع. عيِّن مديرًا آخر أولًا، فلا بد أن يبقى للموقع مدير واحد على الأقل.";

    public async Task<IReadOnlyList<StaffRow>> ListAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var users = await db.Users
            .OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.DisabledAt, HasPassword = u.PasswordHash != null, u.TwoFactorEnabled,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var open = await db.Invitations.Where(i => i.AcceptedAt == null && i.RevokedAt == null)
            .OrderByDescending(i => i.CreatedAt).ToListAsync(cancellationToken);
        var rows = new List<StaffRow>();
        foreach (var invitation in open.Where(i => i.UserId is null).DistinctBy(i => i.Email))
        {
            rows.Add(new StaffRow(null, null, invitation.Email, invitation.Role, invitation.IsPending(now)
                ? StaffStanding.Invited : StaffStanding.InvitationExpired, false, invitation.Id, invitation.ExpiresAt));
        }
        var byUser = open.Where(i => i.UserId is not null).GroupBy(i => i.UserId!.Value).ToDictionary(g => g.Key, g => g.First());
        foreach (var user in users)
        {
            byUser.TryGetValue(user.Id, out var invitation);
            var standing = user.DisabledAt is not null ? StaffStanding.Disabled
                : user.HasPassword ? StaffStanding.Active
                : invitation is null ? StaffStanding.ImportedWithoutPassword
                : invitation.IsPending(now) ? StaffStanding.Invited : StaffStanding.InvitationExpired;
            rows.Add(new StaffRow(user.Id, user.DisplayName, user.Email ?? "", user.Role ?? "", standing, user.TwoFactorEnabled,
                invitation?.Id, invitation?.ExpiresAt));
        }
        return rows;
    }

    public Task<NashirUser?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = email.Trim().ToUpperInvariant();
        return db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
    }

    public async Task<StaffResult> ChangeRoleAsync(int userId, string? role, Actor? actor, string? actorName, CancellationToken cancellationToken)
    {
        if (role is null || !Roles.All.Contains(role))
            return StaffResult.Refused("دور غير معروف: اختر مساهمًا أو كاتبًا أو محررًا أو مديرًا (contributor, author, editor, admin).");
        return await ChangeAsync(userId, async (user, roles) =>
        {
            var current = roles.FirstOrDefault() ?? "";
            if (roles.Count == 1 && current == role) return StaffResult.Done($"دور {user.DisplayName} {Roles.ArabicName(role)} أصلًا.");
            if (roles.Contains(Roles.Admin) && role != Roles.Admin && !await AnotherActiveAdminAsync(user.Id, cancellationToken))
                return StaffResult.Refused(LastAdminMessage);
            var roleIds = await db.Roles.Where(r => r.Name != null).ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
            db.UserRoles.RemoveRange(await db.UserRoles.AsTracking().Where(r => r.UserId == user.Id).ToListAsync(cancellationToken));
            db.UserRoles.Add(new IdentityUserRole<int> { UserId = user.Id, RoleId = roleIds[role] });
            audit.Add(AuditActions.UserRoleChanged, Target(user),
                $"الدور: {(current.Length == 0 ? "—" : Roles.ArabicName(current))} ← {Roles.ArabicName(role)}", actor, actorName);
            return StaffResult.Done($"صار دور {user.DisplayName}: {Roles.ArabicName(role)}.");
        }, cancellationToken);
    }

    /// <summary>Stops the person at once on every node: sign-in (lockout), sessions (new security stamp, evicted
    /// state) and API tokens. Their bylines and articles stay.</summary>
    public Task<StaffResult> DisableAsync(int userId, Actor? actor, string? actorName, CancellationToken cancellationToken) =>
        ChangeAsync(userId, async (user, roles) =>
        {
            if (user.DisabledAt is not null) return StaffResult.Done($"حساب {user.DisplayName} معطَّل أصلًا.");
            if (roles.Contains(Roles.Admin) && !await AnotherActiveAdminAsync(user.Id, cancellationToken))
                return StaffResult.Refused(LastAdminMessage);
            var now = clock.GetUtcNow().UtcDateTime;
            user.DisabledAt = now;
            user.LockoutEnabled = true;
            user.LockoutEnd = DisabledLockout;
            user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
            // An imported author's pending invitation would let them in again: it dies with the account's access.
            await db.Invitations.Where(i => i.UserId == user.Id && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.RevokedAt, now), cancellationToken);
            audit.Add(AuditActions.UserDisabled, Target(user), null, actor, actorName);
            return StaffResult.Done($"عُطِّل حساب {user.DisplayName}: خرج من كل الجلسات وأُوقفت مفاتيحه، وتبقى مقالاته.");
        }, cancellationToken);

    public Task<StaffResult> EnableAsync(int userId, Actor? actor, string? actorName, CancellationToken cancellationToken) =>
        ChangeAsync(userId, (user, _) =>
        {
            if (user.DisabledAt is null) return Task.FromResult(StaffResult.Done($"حساب {user.DisplayName} مفعَّل أصلًا."));
            user.DisabledAt = null;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            audit.Add(AuditActions.UserEnabled, Target(user), null, actor, actorName);
            return Task.FromResult(StaffResult.Done($"فُعِّل حساب {user.DisplayName} من جديد."));
        }, cancellationToken);

    internal static AuditTarget Target(NashirUser user) =>
        new("user", user.Id.ToString(CultureInfo.InvariantCulture), $"{user.DisplayName} <{user.Email}>");

    /// <summary>Serializes staff changes (see the class), applies one, saves it with its audit line, evicts.</summary>
    private async Task<StaffResult> ChangeAsync(
        int userId, Func<NashirUser, List<string>, Task<StaffResult>> change, CancellationToken cancellationToken)
    {
        StaffResult result;
        using (await writeGate.EnterAsync(db, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({StaffLock})", cancellationToken);
            var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
            if (user is null) return StaffResult.Refused("لا يوجد حساب بهذا المعرّف.");
            var roles = await RolesOfAsync(user.Id, cancellationToken);
            result = await change(user, roles);
            if (!result.Succeeded || !db.ChangeTracker.HasChanges())
            {
                db.ChangeTracker.Clear();
                return result;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await status.ChangedAsync(db, userId, CancellationToken.None);
        return result;
    }

    private Task<List<string>> RolesOfAsync(int userId, CancellationToken cancellationToken) =>
        db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);

    /// <summary>Someone else who can still sign in as admin.</summary>
    private Task<bool> AnotherActiveAdminAsync(int userId, CancellationToken cancellationToken) =>
        db.UserRoles.Where(r => r.UserId != userId)
            .Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Join(db.Users.Where(u => u.DisabledAt == null && u.PasswordHash != null), id => id, u => u.Id, (id, _) => id)
            .AnyAsync(cancellationToken);
}
