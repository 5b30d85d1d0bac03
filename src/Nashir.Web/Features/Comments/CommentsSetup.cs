using Microsoft.Extensions.DependencyInjection.Extensions;
using Nashir.Web.Features.Mail;

namespace Nashir.Web.Features.Comments;

public static class CommentsSetup
{
    public static IServiceCollection AddComments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommentOptions>().Bind(configuration.GetSection(CommentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSmtpMail();
        services.AddScoped<CommentDesk>();
        services.AddSingleton<CommentsToStore>();
        services.TryAddSingleton<Platform.Data.SqliteWriteGate>();
        services.AddScoped<CommentThreads>();
        services.AddScoped<CommentsBadge>();
        services.AddScoped<CommentPrivacy>();
        services.AddSingleton<CommentForm>();
        services.AddSingleton<CommentRateLimits>();
        services.AddSingleton<CommentNotifications>();
        services.AddHostedService<CommentMailer>();
        services.AddSingleton<CommentTrashEmptier>();
        services.AddHostedService(s => s.GetRequiredService<CommentTrashEmptier>());
        return services;
    }
}
