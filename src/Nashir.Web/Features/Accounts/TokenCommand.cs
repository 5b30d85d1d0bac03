using Microsoft.AspNetCore.Identity;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Accounts;

/// <summary>`token create`: issues an API token for a user (default: the first admin) and prints it once.</summary>
public static class TokenCommand
{
    public static async Task<int> CreateAsync(IServiceProvider services, string name, string? email)
    {
        await DatabaseSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<FirstStart>().EnsureAdminAsync(CancellationToken.None);
        var user = email is null ? admin : await scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>().FindByEmailAsync(email);
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"No user with the e-mail {email}.");
            return 1;
        }
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user.Id, name);
        Console.WriteLine(secret);
        return 0;
    }
}
