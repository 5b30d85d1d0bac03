using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// Per-IP and per-account limits on the sign-in forms' POSTs, with ASP.NET Core's rate-limiting middleware: two
/// partitioned limiters chained (a request needs a permit from both). The e-mail is in the form body, which a
/// partitioner (synchronous) cannot read, so the branch reads the form first; the page then binds the buffered form.
/// The branch runs for these few POSTs only: public pages never pass through a limiter. A refused request answers
/// 429 with the site's Arabic error page and a Retry-After header, before the page runs (no password is checked).
/// Counted per node, in memory: with N nodes behind a balancer an attacker gets at most N times the limit, still
/// bounded, and Identity's lockout (in the database) is shared by all nodes.
/// </summary>
public static class SignInLimits
{
    /// <summary>The POSTs that check a secret or send mail.</summary>
    public static readonly IReadOnlyList<string> LimitedPaths =
        ["/admin/login", "/admin/login/two-factor", "/admin/login/recovery-code", "/admin/forgot-password", "/admin/reset-password"];

    /// <summary>The form field holding the typed address, on the sign-in and "forgot password" forms.</summary>
    public const string EmailField = "Input.Email";

    internal static void Configure(RateLimiterOptions limiter, SignInOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetSlidingWindowLimiter("ip\n" + ClientIp(context), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = options.PerIpLimit,
                    Window = options.PerIpWindow,
                    SegmentsPerWindow = 5,
                    QueueLimit = 0,
                })),
            PartitionedRateLimiter.Create<HttpContext, string>(context =>
                SubmittedEmail(context) is { } email
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Request.Path.Value + "\n" + email, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.PerAccountLimit,
                        Window = options.PerAccountWindow,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("")));
        limiter.OnRejected = (context, _) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.PerIpWindow;
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            // No body: the status-code pages re-execute /error/429, the site's Arabic page.
            return ValueTask.CompletedTask;
        };
    }

    /// <summary>Puts the limiters in front of the sign-in forms' POSTs (after routing and authentication).</summary>
    public static WebApplication UseSignInLimits(this WebApplication app)
    {
        app.UseWhen(IsLimited, branch => branch
            .Use(async (context, next) =>
            {
                if (context.Request.HasFormContentType) await context.Request.ReadFormAsync(context.RequestAborted);
                await next(context);
            })
            .UseRateLimiter());
        return app;
    }

    private static bool IsLimited(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) &&
        LimitedPaths.Any(path => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase));

    private static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The typed address, folded as Identity compares them; null when the form has none.</summary>
    private static string? SubmittedEmail(HttpContext context)
    {
        if (!context.Request.HasFormContentType) return null;
        var email = context.Request.Form[EmailField].ToString().Trim();
        if (email.Length == 0) return null;
        return (email.Length > 256 ? email[..256] : email).ToUpperInvariant();
    }
}
