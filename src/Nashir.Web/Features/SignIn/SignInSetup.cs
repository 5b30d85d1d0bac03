using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Mail;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// Sign-in security on top of Accounts' Identity setup: rate limits on the sign-in forms, authenticator codes
/// accepted once, two-factor steps, password change and "forgot password", sessions that end when a password changes.
/// </summary>
public static class SignInSetup
{
    public static IServiceCollection AddSignInSecurity(this IServiceCollection services)
    {
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSmtpMail();
        services.AddScoped<OneTimeCodes>();
        services.AddSingleton<ResetLinkTokens>();
        services.AddOptions<IdentityOptions>().Configure(identity =>
        {
            identity.Tokens.ProviderMap[OneTimeCodes.ProviderName] = new TokenProviderDescriptor(typeof(OneTimeCodes));
            identity.Tokens.AuthenticatorTokenProvider = OneTimeCodes.ProviderName;
            identity.Tokens.ProviderMap[ResetLinkTokens.ProviderName] = new TokenProviderDescriptor(typeof(ResetLinkTokens));
            identity.Tokens.PasswordResetTokenProvider = ResetLinkTokens.ProviderName;
        });
        // Identity's token provider for reset links.
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<IOptions<SignInOptions>>((tokens, signIn) =>
            tokens.TokenLifespan = signIn.Value.ResetLinkLifetime);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInOptions>>((limiter, signIn) => SignInLimits.Configure(limiter, signIn.Value));
        services.AddSingleton<SessionStamps>();
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
            IdentityConstants.ApplicationScheme, SessionStamps.WrapCookieCheck);
        services.AddScoped<StaffSignIn>();
        services.AddScoped<AuditedChanges>();
        services.AddScoped<AccountSecurity>();
        services.AddScoped<PasswordResets>();
        services.AddSingleton<PasswordResetMail>();
        services.AddHostedService(s => s.GetRequiredService<PasswordResetMail>());
        return services;
    }

    /// <summary>After authentication: limits on the sign-in POSTs, then the two-factor requirement for /admin.</summary>
    public static WebApplication UseSignInSecurity(this WebApplication app)
    {
        app.UseSignInLimits();
        app.UseMiddleware<TwoFactorRequirement>();
        return app;
    }
}
