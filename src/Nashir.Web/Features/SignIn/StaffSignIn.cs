using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;

namespace Nashir.Web.Features.SignIn;

public enum SignInOutcome
{
    SignedIn,

    /// <summary>The password was right; the authenticator code comes next (/admin/login/two-factor).</summary>
    NeedsCode,

    /// <summary>Wrong e-mail, password, code or a locked account: one answer for all, so nobody learns which.</summary>
    Refused,

    /// <summary>The second step without a first one (or after its 5 minutes): start again.</summary>
    NoPendingSignIn,
}

/// <summary>
/// Staff sign-in, step by step, with an audit line for each outcome (the typed e-mail and the IP for a failure).
/// An unknown e-mail costs what a known one does (the password hasher runs against a stand-in hash, an audit row
/// is written), so neither the answer nor its time tells whether an address has an account.
/// </summary>
public sealed class StaffSignIn(SignInManager<NashirUser> signIn, UserManager<NashirUser> users, AuditLog audit)
{
    /// <summary>"amr" (authentication methods, RFC 8176) as Identity writes it for a two-factor sign-in.</summary>
    public const string TwoFactorMethod = "mfa";

    private static readonly Lazy<(NashirUser User, string Hash)> StandIn = new(() =>
    {
        var user = new NashirUser { DisplayName = "", Slug = "" };
        var hash = new PasswordHasher<NashirUser>().HashPassword(user, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        return (user, hash);
    });

    public async Task<SignInOutcome> PasswordAsync(string email, string password, bool remember, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(StandIn.Value.User, StandIn.Value.Hash, password);
            await audit.RecordAsync(AuditActions.SignInFailed, detail: "بريد غير مسجّل", userName: email, cancellationToken: cancellationToken);
            return SignInOutcome.Refused;
        }
        if (await users.IsLockedOutAsync(user))
        {
            // Identity answers a locked account before hashing: hash anyway, or the quicker answer would tell.
            users.PasswordHasher.VerifyHashedPassword(StandIn.Value.User, StandIn.Value.Hash, password);
            await audit.RecordAsync(AuditActions.SignInFailed, Target(user), "الحساب مقفل مؤقتًا", userName: email, cancellationToken: cancellationToken);
            return SignInOutcome.Refused;
        }
        var result = await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await AuditSignInAsync(user, "بكلمة المرور", cancellationToken);
            return SignInOutcome.SignedIn;
        }
        if (result.RequiresTwoFactor) return SignInOutcome.NeedsCode;
        await audit.RecordAsync(AuditActions.SignInFailed, Target(user), Why(result, "كلمة مرور خاطئة"), userName: email, cancellationToken: cancellationToken);
        return SignInOutcome.Refused;
    }

    /// <summary>The person between the two steps (from Identity's short-lived two-factor cookie), or null.</summary>
    public Task<NashirUser?> PendingAsync() => signIn.GetTwoFactorAuthenticationUserAsync();

    public async Task<SignInOutcome> AuthenticatorCodeAsync(string code, bool remember, CancellationToken cancellationToken)
    {
        if (await PendingAsync() is not { } user) return SignInOutcome.NoPendingSignIn;
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(OneTimeCodes.Digits(code), remember, rememberClient: false);
        return await SecondStepAsync(user, result, "بكلمة المرور ورمز تطبيق المصادقة", "رمز تحقق خاطئ أو مستعمل", cancellationToken);
    }

    public async Task<SignInOutcome> RecoveryCodeAsync(string code, CancellationToken cancellationToken)
    {
        if (await PendingAsync() is not { } user) return SignInOutcome.NoPendingSignIn;
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code.Replace(" ", "", StringComparison.Ordinal).Trim());
        var outcome = await SecondStepAsync(user, result, "بكلمة المرور ورمز استرداد", "رمز استرداد خاطئ أو مستعمل", cancellationToken);
        return outcome;
    }

    public async Task SignOutAsync(CancellationToken cancellationToken)
    {
        if (Actor.From(signIn.Context.User) is not null) await audit.RecordAsync(AuditActions.SignOut, cancellationToken: cancellationToken);
        await signIn.SignOutAsync();
    }

    /// <summary>
    /// A new cookie for the signed-in person after their security stamp changed (password, two-factor), so this
    /// session goes on while the others end. <paramref name="provedTwoFactor"/>: they just gave a valid code.
    /// </summary>
    public async Task RenewAsync(NashirUser user, bool provedTwoFactor = false)
    {
        if (!provedTwoFactor)
        {
            await signIn.RefreshSignInAsync(user);
            return;
        }
        var current = await signIn.Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await signIn.SignInWithClaimsAsync(user, current.Properties, [new Claim("amr", TwoFactorMethod)]);
    }

    public static bool UsedTwoFactor(ClaimsPrincipal principal) => principal.HasClaim("amr", TwoFactorMethod);

    private async Task<SignInOutcome> SecondStepAsync(NashirUser user, Microsoft.AspNetCore.Identity.SignInResult result,
        string how, string failure, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            await AuditSignInAsync(user, how, cancellationToken);
            return SignInOutcome.SignedIn;
        }
        await audit.RecordAsync(AuditActions.SignInFailed, Target(user), Why(result, failure), userName: user.Email, cancellationToken: cancellationToken);
        return SignInOutcome.Refused;
    }

    private async Task AuditSignInAsync(NashirUser user, string how, CancellationToken cancellationToken)
    {
        // The request is still anonymous (the cookie is only being set): the actor is the person just signed in.
        var role = Roles.All.FirstOrDefault((await users.GetRolesAsync(user)).Contains) ?? "";
        await audit.RecordAsync(AuditActions.SignIn, Target(user), how, new Actor(user.Id, user.DisplayName, role),
            cancellationToken: cancellationToken);
    }

    private static AuditTarget Target(NashirUser user) =>
        new("user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Email);

    private static string Why(Microsoft.AspNetCore.Identity.SignInResult result, string otherwise) =>
        result.IsLockedOut ? "الحساب مقفل مؤقتًا" : result.IsNotAllowed ? "الدخول غير مسموح لهذا الحساب" : otherwise;
}
