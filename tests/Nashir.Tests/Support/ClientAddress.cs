using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Nashir.Tests.Support;

/// <summary>
/// The in-memory test server has no TCP peer, so requests have no remote IP. A request with the
/// <see cref="Header"/> header gets that address as its peer, as if it came from that machine; without the header
/// nothing changes. First in the pipeline, before anything reads the address (limits, audit).
/// </summary>
public sealed class ClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Ip";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, then) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                context.Connection.RemoteIpAddress = address;
            await then(context);
        });
        next(app);
    };

    /// <summary>A client whose requests come from <paramref name="ip"/>, keeping cookies, not following redirects.</summary>
    public static HttpClient From(NashirApp app, string ip)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(Header, ip);
        return client;
    }
}
