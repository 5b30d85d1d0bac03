using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Platform.Hosting;

public static class HostingSetup
{
    /// <summary>Options (validated now: a bad setting stops start-up with a clear message), database, and the cross-cutting web services.</summary>
    public static NashirOptions AddNashirPlatform(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(NashirOptions.Section);
        var options = section.Get<NashirOptions>() ?? new NashirOptions();
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true))
            throw new OptionsValidationException(NashirOptions.Section, typeof(NashirOptions),
                problems.Select(p => "Invalid configuration: " + p.ErrorMessage));

        // Fingerprinted, precompressed assets also when running from build output (`dotnet run`),
        // not only from a published folder (where this is a no-op).
        builder.WebHost.UseStaticWebAssets();
        if (SocketThreads.Inline(options)) builder.AddInlineSockets();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // 4 MB: twenty times the longest article body; larger requests are refused (413) before they are read.
            kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
            // No "Server: Kestrel" header: it tells an attacker what to try, and costs bytes on every response.
            kestrel.AddServerHeader = false;
        });

        var services = builder.Services;
        // Arabic as UTF-8, not as &#x…; entities: half the page weight, and readable source.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(encoding =>
            encoding.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddOptions<NashirOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddArabicBindingMessages();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SiteClock>();
        services.AddNashirDatabase(options);

        Directory.CreateDirectory(options.DataDirectoryPath);
        // Keys in the database: every node of a multi-node site can read every cookie and secret.
        services.AddDataProtection().SetApplicationName("Nashir").PersistKeysToDbContext<NashirDb>();

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddOpenApi("v1");
        services.AddMemoryCache();
        services.AddNashirCaching();
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "nashir.af");
        return options;
    }

    public static WebApplication UseNashirPlatform(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"),
            api => api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusCodes.For }).UseStatusCodePages(),
            page => page.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusCodes.For, ExceptionHandlingPath = "/error/500" })
                .UseStatusCodePagesWithReExecute("/error/{0}"));
        // Routing after the error middleware, so a re-executed /error/{code} request is routed anew.
        app.UseRouting();
        // Before authentication: a cached answer is for anonymous readers only and needs no identity.
        app.UseNashirCaching();
        if (SocketThreads.Inline(app.Services.GetRequiredService<IOptions<NashirOptions>>().Value)) app.UseThreadPoolForWork();
        // Inside the cache: a cached answer already carries these headers, stored with it.
        app.UseMiddleware<SecurityHeaders>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapOpenApi("/api/{documentName}/openapi.json");
        return app;
    }

    private static IApplicationBuilder UseWhen(this IApplicationBuilder app, Func<HttpContext, bool> predicate,
        Action<IApplicationBuilder> then, Action<IApplicationBuilder> otherwise) =>
        app.UseWhen(predicate, then).UseWhen(c => !predicate(c), otherwise);

    private static class StatusCodes
    {
        /// <summary>A request body over the limit is the client's mistake (413), not ours (500).</summary>
        public static int For(Exception exception) => exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            _ => Microsoft.AspNetCore.Http.StatusCodes.Status500InternalServerError,
        };
    }
}
