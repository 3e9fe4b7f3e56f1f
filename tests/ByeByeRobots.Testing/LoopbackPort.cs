using System.Net;
using System.Net.Sockets;

namespace ByeByeRobots.Testing;

/// <summary>Ports for the real servers tests start (Redis, service processes, Prometheus) on loopback.</summary>
public static class LoopbackPort
{
    /// <summary>A port free on 127.0.0.1 now, chosen by the system (another process may take it before it is bound).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
