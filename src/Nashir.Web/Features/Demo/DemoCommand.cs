using Nashir.Web.Features.Accounts;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Demo;

/// <summary>`demo generate --count N`: fills a site with published articles for load tests.</summary>
public static class DemoCommand
{
    public static async Task<int> GenerateAsync(IServiceProvider services, int count)
    {
        await DatabaseSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<FirstStart>().EnsureAdminAsync(CancellationToken.None);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await scope.ServiceProvider.GetRequiredService<DemoContent>().GenerateAsync(admin, count, CancellationToken.None);
        Console.WriteLine($"{count} articles in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
