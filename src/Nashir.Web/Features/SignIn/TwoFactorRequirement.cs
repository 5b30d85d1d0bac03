using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Settings;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// When the site requires two-factor sign-in for editors and admins (<see cref="SettingKeys.RequireTwoFactorForEditors"/>),
/// such a person whose session was opened without a code is sent to the enrolment screen and can use nothing else of
/// /admin until they have set up an authenticator app (enabling it renews their session as a two-factor one). The
/// setting is read from the settings cache, and only for signed-in editors' /admin requests.
/// </summary>
public sealed class TwoFactorRequirement(RequestDelegate next)
{
    public const string EnrolmentPath = "/admin/account/two-factor";

    /// <summary>What such a person may still open: the enrolment screen itself and the ways out.</summary>
    private static readonly string[] Open = [EnrolmentPath, "/admin/logout", "/admin/login", "/admin/denied"];

    public async Task InvokeAsync(HttpContext context, SiteSettings settings)
    {
        if (context.Request.Path.StartsWithSegments("/admin") &&
            !Open.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)) &&
            Actor.From(context.User) is { IsEditor: true } &&
            context.User.Identity?.AuthenticationType == Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme &&
            !StaffSignIn.UsedTwoFactor(context.User) &&
            await settings.GetFlagAsync(SettingKeys.RequireTwoFactorForEditors, context.RequestAborted))
        {
            context.Response.Redirect(EnrolmentPath);
            return;
        }
        await next(context);
    }
}
