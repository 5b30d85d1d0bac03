using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Accounts;

/// <summary>Roles, the first admin and the bootstrap API token: what a new site needs before anyone can sign in.</summary>
public sealed class FirstStart(
    NashirDb db, UserManager<NashirUser> users, RoleManager<IdentityRole<int>> roles,
    ApiTokens tokens, IOptions<NashirOptions> options, TimeProvider clock)
{
    public async Task<NashirUser> EnsureAdminAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<int>(role));
        }

        var settings = options.Value.Admin;
        var admin = await users.FindByEmailAsync(settings.Email);
        if (admin is null)
        {
            if (await db.UserRoles.AnyAsync(cancellationToken))
            {
                // The site already has people; the configured admin e-mail is just not one of them.
                var adminRole = await roles.FindByNameAsync(Roles.Admin);
                var someAdmin = await db.UserRoles.Where(r => r.RoleId == adminRole!.Id).Select(r => r.UserId).FirstOrDefaultAsync(cancellationToken);
                if (await users.FindByIdAsync(someAdmin.ToString()) is { } existing) return existing;
            }
            admin = new NashirUser
            {
                UserName = settings.Email,
                Email = settings.Email,
                EmailConfirmed = true,
                DisplayName = settings.DisplayName,
                Slug = Slugs.From(settings.DisplayName) is { Length: > 0 } slug ? slug : "admin",
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var password = settings.Password is { Length: > 0 } configured ? configured : GeneratePassword();
            var created = await users.CreateAsync(admin, password);
            if (!created.Succeeded)
                throw new InvalidOperationException("Could not create the first admin: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(admin, Roles.Admin);
            if (settings.Password is not { Length: > 0 })
            {
                // Printed once, to the console only: it is never logged or stored in clear.
                Console.WriteLine($"""

                    ==== Nashir: first admin created ====
                    e-mail:   {settings.Email}
                    password: {password}
                    Sign in at /admin and change it. It will not be shown again.
                    =====================================

                    """);
            }
        }
        // An existing admin keeps the password they chose; the configured one only seeds a new site.
        return admin;
    }

    public async Task EnsureBootstrapTokenAsync(NashirUser admin, CancellationToken cancellationToken)
    {
        if (options.Value.Api.BootstrapToken is not { Length: > 0 } secret) return;
        if (!await tokens.ExistsAsync(secret, cancellationToken))
            await tokens.AddAsync(admin.Id, "bootstrap (Nashir:Api:BootstrapToken)", secret, cancellationToken);
    }

    private static string GeneratePassword() => "Nsr-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
