using System.Net;
using System.Net.Sockets;

namespace Nashir.Tests.Support;

public static class Loopback
{
    /// <summary>A port the OS says is free on 127.0.0.1 now (someone may take it before us: callers retry or fail clearly).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
