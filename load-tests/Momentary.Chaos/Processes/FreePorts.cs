using System.Net;
using System.Net.Sockets;

namespace Momentary.Chaos.Processes;

/// <summary>Loopback ports nobody listens on right now (the OS picks them), never a fixed number.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
