using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Demo;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web;

/// <summary>
/// Runs before the server accepts requests: migrations, roles and first admin, bootstrap token,
/// demo content. Every step is idempotent, so any node may run it at any start.
/// </summary>
public sealed class SiteInitializer(IServiceProvider services, IOptions<NashirOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseSetup.MigrateAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var firstStart = scope.ServiceProvider.GetRequiredService<FirstStart>();
        var admin = await firstStart.EnsureAdminAsync(cancellationToken);
        await firstStart.EnsureBootstrapTokenAsync(admin, cancellationToken);
        if (options.Value.DemoContent)
            await scope.ServiceProvider.GetRequiredService<DemoContent>().AddIfEmptyAsync(admin, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
