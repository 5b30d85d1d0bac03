using Microsoft.AspNetCore.Identity;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Nashir.Web.Features.Settings;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// What signed-in staff change about their own sign-in: password, authenticator app, recovery codes. Each change is
/// audited in the same SaveChanges as the change itself, ends the person's other sessions (a new security stamp,
/// evicted on every node) and keeps the current one.
/// </summary>
public sealed class AccountSecurity(
    UserManager<NashirUser> users, AuditLog audit, AuditedChanges changes, StaffSignIn staffSignIn, SessionStamps stamps,
    OneTimeCodes codes, SiteSettings settings)
{
    /// <summary>Recovery codes made at a time (Identity's template uses 10 too): each works once.</summary>
    public const int RecoveryCodeCount = 10;

    public async Task<IdentityResult> ChangePasswordAsync(NashirUser user, string current, string replacement)
    {
        var result = await changes.RunAsync(AuditActions.PasswordChanged, user, null, () => users.ChangePasswordAsync(user, current, replacement));
        if (result.Succeeded) await ChangedAsync(user);
        return result;
    }

    /// <summary>The key the app is set up with: the existing one while two-factor is off, so reloading the page
    /// does not invalidate a QR code that was already scanned.</summary>
    public async Task<string> PendingKeyAsync(NashirUser user)
    {
        if (await users.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key) return key;
        await NewKeyAsync(user);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    /// <summary>Turns two-factor on once the first code from the app checks out; the recovery codes are returned to be shown once.</summary>
    public async Task<IReadOnlyList<string>?> EnableTwoFactorAsync(NashirUser user, string code)
    {
        if (!await users.VerifyTwoFactorTokenAsync(user, OneTimeCodes.ProviderName, code)) return null;
        var recovery = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        var result = await changes.RunAsync(AuditActions.TwoFactorChanged, user, "تفعيل الدخول بخطوتين", () => users.SetTwoFactorEnabledAsync(user, true));
        if (!result.Succeeded) return null;
        await stamps.ChangedAsync(user.Id);
        await staffSignIn.RenewAsync(user, provedTwoFactor: true);
        return recovery;
    }

    /// <summary>Refused (false) with a wrong code, and while the site requires two-factor for the person's role.</summary>
    public async Task<bool> DisableTwoFactorAsync(NashirUser user, string code, CancellationToken cancellationToken)
    {
        if (await IsRequiredForAsync(user, cancellationToken)) return false;
        if (!await users.VerifyTwoFactorTokenAsync(user, OneTimeCodes.ProviderName, code)) return false;
        var result = await changes.RunAsync(AuditActions.TwoFactorChanged, user, "إيقاف الدخول بخطوتين", () => users.SetTwoFactorEnabledAsync(user, false));
        if (!result.Succeeded) return false;
        // A new key for next time: the old one may be on a lost phone.
        // (The recovery codes stay but are never asked for while two-factor is off; turning it on replaces them.)
        await NewKeyAsync(user);
        return true;
    }

    /// <summary>New recovery codes (the old ones stop working) after a valid code from the app.</summary>
    public async Task<IReadOnlyList<string>?> NewRecoveryCodesAsync(NashirUser user, string code)
    {
        if (!await users.GetTwoFactorEnabledAsync(user)) return null;
        if (!await users.VerifyTwoFactorTokenAsync(user, OneTimeCodes.ProviderName, code)) return null;
        audit.Add(AuditActions.TwoFactorChanged, AuditedChanges.Target(user), "رموز استرداد جديدة");
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
    }

    public async Task<int> RecoveryCodesLeftAsync(NashirUser user) => await users.CountRecoveryCodesAsync(user);

    /// <summary>Does the site's setting oblige this person (an editor or admin) to sign in with a code?</summary>
    public async Task<bool> IsRequiredForAsync(NashirUser user, CancellationToken cancellationToken)
    {
        if (!await settings.GetFlagAsync(SettingKeys.RequireTwoFactorForEditors, cancellationToken)) return false;
        var roles = await users.GetRolesAsync(user);
        return roles.Contains(Roles.Admin) || roles.Contains(Roles.Editor);
    }

    public static string FormatKey(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(part => new string(part)));

    private async Task NewKeyAsync(NashirUser user)
    {
        await users.ResetAuthenticatorKeyAsync(user);
        await codes.ForgetAsync(user.Id);
        await ChangedAsync(user);
    }

    private async Task ChangedAsync(NashirUser user)
    {
        await stamps.ChangedAsync(user.Id);
        await staffSignIn.RenewAsync(user);
    }

}
