using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nashir.Tests.Support;

/// <summary>
/// Works around dotnet/aspnetcore#40271: with minimal hosting, disposing a WebApplicationFactory
/// stops the host twice at once (the factory, and Program's own app.Run() woken by ApplicationStopping),
/// so every hosted service is stopped twice and the later stop meets objects the earlier one's
/// disposal already released. A deployed site is stopped once; here the site's own services are, too.
/// The framework's own are left alone: they tolerate a second stop, and some (the web server) are
/// registered again later, which a replaced registration would no longer de-duplicate.
/// </summary>
public static class StopOnceHostedServices
{
    /// <summary>Call last (ConfigureTestServices), when the site has registered all its services.</summary>
    public static void MakeHostedServicesStopOnce(this IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IHostedService) || descriptor.IsKeyedService || !IsTheSites(descriptor)) continue;
            services[i] = ServiceDescriptor.Singleton<IHostedService>(provider => Wrap(provider, descriptor));
        }
    }

    private static bool IsTheSites(ServiceDescriptor descriptor) =>
        (descriptor.ImplementationType ?? descriptor.ImplementationInstance?.GetType() ?? descriptor.ImplementationFactory?.Method.DeclaringType)
            ?.Assembly == typeof(Program).Assembly;

    private static StopOnce Wrap(IServiceProvider provider, ServiceDescriptor descriptor)
    {
        if (descriptor.ImplementationInstance is IHostedService instance) return new StopOnce(instance, owned: false);
        if (descriptor.ImplementationFactory is { } factory) return new StopOnce((IHostedService)factory(provider), owned: false);
        // Created here, so not tracked by the container: the wrapper disposes it.
        return new StopOnce((IHostedService)ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!), owned: true);
    }

    private sealed class StopOnce(IHostedService inner, bool owned) : IHostedLifecycleService, IDisposable, IAsyncDisposable
    {
        private readonly Lock gate = new();
        private Task? stopping;
        private Task? stoppingHook;
        private Task? stoppedHook;

        public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken)
        {
            lock (gate) return stopping ??= inner.StopAsync(cancellationToken);
        }

        public Task StartingAsync(CancellationToken cancellationToken) =>
            inner is IHostedLifecycleService lifecycle ? lifecycle.StartingAsync(cancellationToken) : Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) =>
            inner is IHostedLifecycleService lifecycle ? lifecycle.StartedAsync(cancellationToken) : Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken)
        {
            if (inner is not IHostedLifecycleService lifecycle) return Task.CompletedTask;
            lock (gate) return stoppingHook ??= lifecycle.StoppingAsync(cancellationToken);
        }

        public Task StoppedAsync(CancellationToken cancellationToken)
        {
            if (inner is not IHostedLifecycleService lifecycle) return Task.CompletedTask;
            lock (gate) return stoppedHook ??= lifecycle.StoppedAsync(cancellationToken);
        }

        public void Dispose()
        {
            if (owned && inner is IDisposable disposable) disposable.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            if (!owned) return;
            if (inner is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else if (inner is IDisposable disposable) disposable.Dispose();
        }
    }
}
