using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// Identity's data-protection token (the same content: time, user id, purpose, security stamp, encrypted with the
/// site's keys, which every node shares), with its age measured on the site's <see cref="TimeProvider"/>: Identity's
/// own provider reads the system clock, so a link's expiry could not follow the site's clock (nor be tested).
/// Lifetime: <see cref="DataProtectionTokenProviderOptions.TokenLifespan"/> (= <see cref="SignInOptions.ResetLinkLifetime"/>).
/// A token stops working once used because using it changes the security stamp it carries.
/// </summary>
public sealed class ResetLinkTokens(
    IDataProtectionProvider protection, IOptions<DataProtectionTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<NashirUser>> logger, TimeProvider clock)
    : DataProtectorTokenProvider<NashirUser>(protection, options, logger)
{
    public const string ProviderName = "NashirResetLink";

    public override async Task<string> GenerateAsync(string purpose, UserManager<NashirUser> manager, NashirUser user)
    {
        using var content = new MemoryStream();
        await using (var writer = new BinaryWriter(content))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user));
        }
        return Base64Url(Protector.Protect(content.ToArray()));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<NashirUser> manager, NashirUser user)
    {
        byte[] content;
        try
        {
            content = Protector.Unprotect(FromBase64Url(token));
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
        using var reader = new BinaryReader(new MemoryStream(content));
        try
        {
            var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            if (created + Options.TokenLifespan < clock.GetUtcNow()) return false;
            return reader.ReadString() == await manager.GetUserIdAsync(user)
                && reader.ReadString() == purpose
                && reader.ReadString() == await manager.GetSecurityStampAsync(user)
                && reader.PeekChar() == -1;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    /// <summary>URL-safe, so the link survives mail clients that re-wrap or re-encode it.</summary>
    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
