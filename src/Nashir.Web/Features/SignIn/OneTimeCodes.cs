using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Platform.Data;
using OtpNet;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// Checks authenticator-app codes (TOTP, RFC 6238: 6 digits, 30-second steps, one step of clock drift either way)
/// and accepts each code once. Identity's own AuthenticatorTokenProvider accepts the same code again for as long as
/// it is valid, so a code seen over a shoulder or in a proxy log could be replayed; this one remembers the last
/// accepted time step per person and refuses that step or an older one. Time comes from <see cref="TimeProvider"/>.
/// The step is kept in Identity's user-token table and moved forward with one conditional UPDATE, so two requests
/// racing with the same code cannot both win, on SQLite or PostgreSQL, on one node or several.
/// </summary>
public sealed class OneTimeCodes(NashirDb db, TimeProvider clock) : IUserTwoFactorTokenProvider<NashirUser>
{
    /// <summary>The name under which Identity knows this provider (<c>IdentityOptions.Tokens.AuthenticatorTokenProvider</c>).</summary>
    public const string ProviderName = "NashirAuthenticator";

    internal const string StoreProvider = "[NashirAuthenticator]";
    internal const string LastStepName = "LastTimeStep";

    /// <summary>RFC 6238's recommended allowance: one step back, one ahead (a phone's clock a little off).</summary>
    private static readonly VerificationWindow Drift = new(previous: 1, future: 1);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<NashirUser> manager, NashirUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The app makes the codes, never the site.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<NashirUser> manager, NashirUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<NashirUser> manager, NashirUser user)
    {
        var code = Digits(token);
        if (code.Length != 6) return false;
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key)) return false;
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, Drift)) return false;
        return await TakeStepAsync(user.Id, step);
    }

    /// <summary>Codes as people type them: "123 456", "123-456", Arabic-Indic digits from an Arabic keyboard.</summary>
    public static string Digits(string? typed)
    {
        if (typed is null) return "";
        var digits = new System.Text.StringBuilder(6);
        foreach (var c in typed)
        {
            if (char.IsWhiteSpace(c) || c == '-') continue;
            var value = (int)char.GetNumericValue(c);
            if (value is < 0 or > 9 || !char.IsDigit(c)) return "";
            digits.Append((char)('0' + value));
        }
        return digits.ToString();
    }

    /// <summary>True when <paramref name="step"/> is later than every step accepted before for this person.</summary>
    private async Task<bool> TakeStepAsync(int userId, long step)
    {
        // Zero-padded, so that text order is number order in both databases' comparison.
        var value = step.ToString("D15", CultureInfo.InvariantCulture);
        var moved = await db.UserTokens
            .Where(t => t.UserId == userId && t.LoginProvider == StoreProvider && t.Name == LastStepName)
#pragma warning disable CA1309 // EF Core translates only this form to SQL's "<" (ordinal for digits in both databases).
            .Where(t => string.Compare(t.Value, value) < 0)
#pragma warning restore CA1309
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Value, value));
        if (moved == 1) return true;
        if (await db.UserTokens.AnyAsync(t => t.UserId == userId && t.LoginProvider == StoreProvider && t.Name == LastStepName))
            return false;

        var first = new IdentityUserToken<int> { UserId = userId, LoginProvider = StoreProvider, Name = LastStepName, Value = value };
        db.UserTokens.Add(first);
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request with a code for this person stored the first step meanwhile: that one won.
            return false;
        }
        finally
        {
            // Not left in the unit of work that Identity saves next (lockout counters, sign-in).
            db.Entry(first).State = EntityState.Detached;
        }
    }

    /// <summary>Forgets the last step with the key: a new key starts its own sequence.</summary>
    internal Task ForgetAsync(int userId) =>
        db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == StoreProvider && t.Name == LastStepName).ExecuteDeleteAsync();
}
