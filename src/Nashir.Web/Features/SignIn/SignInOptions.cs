using System.ComponentModel.DataAnnotations;

namespace Nashir.Web.Features.SignIn;

/// <summary>Settings under "Nashir:SignIn" (env: Nashir__SignIn__PerIpLimit …): how hard guessing passwords is made.</summary>
public sealed class SignInOptions
{
    public const string Section = "Nashir:SignIn";

    /// <summary>Sign-in, code, reset and "forgot password" POSTs from one IP address per <see cref="PerIpWindow"/>.
    /// A newsroom behind one office address still fits: people sign in once a day, not twenty times in five minutes.</summary>
    [Range(1, 100_000)]
    public int PerIpLimit { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan PerIpWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts for one typed e-mail address per <see cref="PerAccountWindow"/>, known or not (so the
    /// answer never tells which addresses exist); Identity's lockout after 5 wrong passwords stays behind it.</summary>
    [Range(1, 100_000)]
    public int PerAccountLimit { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan PerAccountWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a "forgot password" link works (it also stops once used, or once the password changes).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "2.00:00:00")]
    public TimeSpan ResetLinkLifetime { get; set; } = TimeSpan.FromHours(2);
}
