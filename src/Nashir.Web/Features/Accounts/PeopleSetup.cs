using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nashir.Web.Features.Mail;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Accounts;

/// <summary>The newsroom's people: invitations, roles, disabling, profiles (sign-in itself is in AccountsSetup).</summary>
public static class PeopleSetup
{
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddOptions<InvitationOptions>().BindConfiguration(InvitationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSmtpMail();
        services.TryAddSingleton<SqliteWriteGate>();
        services.AddSingleton<StaffStatus>();
        services.AddScoped<StaffRoster>();
        services.AddScoped<Invitations>();
        services.AddScoped<InvitationMailer>();
        services.AddScoped<AuthorProfiles>();
        services.AddScoped<IdentityErrorDescriber, ArabicIdentityErrors>();
        // Wraps whatever cookie check is configured (Identity's security stamp): ours first, so a disabled person's
        // cookie stops at once, not at the stamp's next 30-minute check.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, cookie =>
        {
            var next = cookie.Events.OnValidatePrincipal;
            cookie.Events.OnValidatePrincipal = async context =>
            {
                await StaffStatus.ValidatePrincipalAsync(context);
                if (context.Principal is not null) await next(context);
            };
        });
        return services;
    }
}
