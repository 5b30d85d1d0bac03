using Microsoft.Extensions.Options;
using Polly;

namespace Nashir.Web.Features.Social;

public static class SocialSetup
{
    public static IServiceCollection AddSocial(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SocialOptions>().Bind(configuration.GetSection(SocialOptions.Section)).ValidateOnStart()
            .Validate(o => o.Lease > o.RequestTimeout * 2, "Nashir:Social:Lease must be more than twice the RequestTimeout.")
            .Validate(o => o.BatchSize >= 1 && o.ParallelPerAccount >= 1 && o.MaxAttempts >= 1, "Nashir:Social:BatchSize, ParallelPerAccount and MaxAttempts must be at least 1.");
        services.AddScoped<SocialAccounts>();
        services.AddScoped<SocialOutbox>();
        services.AddScoped<SocialDeliveryProblems>();
        services.AddSingleton<ISocialNetworkClient, MastodonClient>();
        services.AddSingleton<ISocialNetworkClient, XClient>();
        services.AddSingleton<ISocialNetworkClient, BlueskyClient>();
        services.AddSingleton<ISocialNetworkClient, TelegramClient>();
        services.AddSingleton<ISocialNetworkClient, FacebookClient>();
        services.AddSingleton<ISocialNetworkClient, LinkedInClient>();
        services.AddSingleton<SocialDispatcher>();
        services.AddHostedService(s => s.GetRequiredService<SocialDispatcher>());
        // Only a timeout here: whether and when to retry is the job's state (SocialDispatcher), which survives restarts.
        services.AddHttpClient(SocialHttp.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("social-timeout", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<SocialOptions>>().Value.RequestTimeout));
        return services;
    }
}
