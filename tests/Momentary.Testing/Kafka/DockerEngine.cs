using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Momentary.Testing.Kafka;

/// <summary>
/// Whether a Docker engine answers its ping, asked where Testcontainers will look: <c>DOCKER_HOST</c>
/// (<c>unix://</c> or <c>tcp://</c>) when set, otherwise <c>/var/run/docker.sock</c>.
/// </summary>
public static class DockerEngine
{
    /// <summary>Whether the engine answered (asked once per process).</summary>
    public static bool Answers { get; } = Ping(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    /// <summary>Sends <c>GET /_ping</c> to the engine at <paramref name="dockerHost"/> (null: the default socket).</summary>
    public static bool Ping(string? dockerHost)
    {
        var address = string.IsNullOrWhiteSpace(dockerHost) ? "unix:///var/run/docker.sock" : dockerHost.Trim();
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return false;
        }

        try
        {
            using var socket = Connect(uri);
            if (socket is null)
            {
                return false;
            }

            socket.Send("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8);
            var buffer = new byte[512];
            var n = socket.Receive(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).Contains("OK", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static Socket? Connect(Uri uri)
    {
        Socket socket;
        EndPoint endPoint;
        if (uri.Scheme == "unix")
        {
            if (!File.Exists(uri.AbsolutePath))
            {
                return null;
            }

            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            endPoint = new UnixDomainSocketEndPoint(uri.AbsolutePath);
        }
        else if (uri.Scheme == "tcp")
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            endPoint = new DnsEndPoint(uri.Host, uri.Port);
        }
        else
        {
            return null;
        }

        socket.ReceiveTimeout = 1000;
        socket.SendTimeout = 1000;
        try
        {
            socket.Connect(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
