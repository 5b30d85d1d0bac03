using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Accounts;

public static class AccountsSetup
{
    /// <summary>Signed-in staff (cookie) in the editors' area.</summary>
    public const string StaffPolicy = "staff";

    /// <summary>API writes: a bearer token of a staff member.</summary>
    public const string ApiWriterPolicy = "api-writer";

    public const string AdminPolicy = "admin";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<NashirUser>(identity =>
            {
                // Length over composition rules (NIST SP 800-63B).
                identity.Password.RequiredLength = 10;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                identity.Lockout.AllowedForNewUsers = true;
                identity.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<NashirDb>()
            .AddUserStore<NashirUserStore>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "nashir.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = "/admin/login";
            cookie.LogoutPath = "/admin/logout";
            cookie.AccessDeniedPath = "/admin/denied";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, policy => policy.RequireRole(Roles.All))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(ApiWriterPolicy, policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.All));

        services.AddScoped<ApiTokens>();
        services.AddScoped<FirstStart>();
        services.AddPeople();
        return services;
    }
}

/// <summary>Puts the display name into the sign-in cookie, so pages need no user query.</summary>
public sealed class StaffClaimsFactory(
    UserManager<NashirUser> users, RoleManager<IdentityRole<int>> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<NashirUser, IdentityRole<int>>(users, roles, options)
{
    protected override async Task<System.Security.Claims.ClaimsIdentity> GenerateClaimsAsync(NashirUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new(NashirClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
