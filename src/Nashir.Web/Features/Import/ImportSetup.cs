using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Import;

public static class ImportSetup
{
    /// <summary>Where copied WordPress uploads are served from (wp-content/uploads/2021/06/a.jpg → /media/2021/06/a.jpg).</summary>
    public const string MediaPath = "/media";

    public static string MediaDirectory(NashirOptions options) => Path.Combine(options.DataDirectoryPath, "media");

    public static IServiceCollection AddWordPressImport(this IServiceCollection services)
    {
        services.AddSingleton<WordPressImport>();
        services.AddSingleton<ImportJobs>();
        services.AddHostedService(s => s.GetRequiredService<ImportJobs>());
        return services;
    }

    /// <summary>Old WordPress URLs (301) and the copied uploads; after routing, so it sees the site's 404s.</summary>
    public static WebApplication UseWordPressLegacy(this WebApplication app)
    {
        var media = MediaDirectory(app.Services.GetRequiredService<IOptions<NashirOptions>>().Value);
        Directory.CreateDirectory(media);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(media), RequestPath = MediaPath });
        app.UseMiddleware<LegacyRedirectsMiddleware>();
        return app;
    }
}

/// <summary>
/// Answers old WordPress URLs with 301 to their Nashir page. Normal traffic pays nothing: the table is read
/// only for answers that were going to be 404, and for "/?p=ID" / "/?page_id=ID" (the home page would answer those).
/// </summary>
public sealed class LegacyRedirectsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) { await next(context); return; }
        if (request.Path == "/" && QueryKey(request) is { } queryKey && await TargetAsync(context, queryKey) is { } byId)
        {
            context.Response.Redirect(byId, permanent: true);
            return;
        }
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted
            && await TargetAsync(context, LegacyPaths.Normalize(request.Path.Value ?? "/")) is { } target)
        {
            context.Response.Redirect(target, permanent: true);
        }
    }

    private static string? QueryKey(HttpRequest request)
    {
        foreach (var key in new[] { "p", "page_id" })
            if (long.TryParse(request.Query[key], out var id)) return $"/?{key}={id}";
        return null;
    }

    private static async Task<string?> TargetAsync(HttpContext context, string path)
    {
        var db = context.RequestServices.GetRequiredService<NashirDb>();
        return await db.LegacyRedirects.Where(r => r.Path == path).Select(r => r.Target).FirstOrDefaultAsync(context.RequestAborted);
    }
}
