using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Momentary.Host.Commands;

namespace Momentary.Deploy.Tests.Engine;

/// <summary><c>momentary health</c> says "not ready" (exit 1) for everything but a 2xx, and within its bound.</summary>
public sealed class HealthCommandTests
{
    [Fact]
    public async Task Health_NothingListening_Exits1()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port that was just free: refused

        Assert.Equal(1, await HealthCommand.CheckAsync(new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromSeconds(3), TextWriter.Null, CancellationToken.None));
    }

    [Fact]
    public async Task Health_ServiceUnavailable_Exits1()
    {
        using var server = Serve("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 9\r\nConnection: close\r\n\r\nUnhealthy", out var url);
        using var output = new StringWriter();

        Assert.Equal(1, await HealthCommand.CheckAsync(url, TimeSpan.FromSeconds(3), output, CancellationToken.None));
        Assert.Contains("503", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Ok_Exits0()
    {
        using var server = Serve("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nHealthy", out var url);

        Assert.Equal(0, await HealthCommand.CheckAsync(url, TimeSpan.FromSeconds(3), TextWriter.Null, CancellationToken.None));
    }

    [Fact]
    public async Task Health_ServerThatNeverAnswers_Exits1WithinTheTimeout()
    {
        using var server = Serve(response: null, out var url);
        var watch = Stopwatch.StartNew();

        Assert.Equal(1, await HealthCommand.CheckAsync(url, TimeSpan.FromMilliseconds(500), TextWriter.Null, CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    // A one-connection HTTP responder on a free loopback port; null: accept and stay silent.
    private static TcpListener Serve(string? response, out Uri url)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/health");
        _ = Task.Run(async () =>
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[4096]);
                if (response is null)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(response!));
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
            {
                // the listener was stopped, or the silent server gave up
            }
        });
        return listener;
    }
}
