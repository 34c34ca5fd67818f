using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Momentary.Testing.Processes;
using StackExchange.Redis;

namespace Momentary.Testing.Redis;

/// <summary>
/// A real Debian <c>redis-server</c> on a free loopback port with no persistence, in its own temp directory. It can
/// be stopped and started again on the same port (outage tests). The README's test command installs the
/// package; without it the tests fail with that instruction rather than being skipped.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("momentary-redis-").FullName;
    private readonly bool _persistent;
    private Process? _process;

    /// <param name="persistent">Keep data across <see cref="Stop"/>/<see cref="Start"/> (append-only file, fsync on every write), as a production Redis would.</param>
    public RedisServer(bool persistent = false)
    {
        _persistent = persistent;

        // Two servers picking "a free port" at the same moment can get the same one; the loser fails to bind
        // while PING is answered by the winner. Start() notices (its own process exited) and we try another port.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                Start();
                return;
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
            }
        }
    }

    public int Port { get; private set; }

    /// <summary>StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>CPU the server process has used so far (user + system), for harnesses that charge it per operation.</summary>
    public TimeSpan CpuTime => _process is { HasExited: false } p ? p.TotalProcessorTime : TimeSpan.Zero;

    public void Start()
    {
        var path = FindRedisServer() ?? throw new InvalidOperationException("redis-server is not installed: run the README's test command (bash tests/run.sh), which installs it with apt-get.");
        var info = new ProcessStartInfo(path)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", _persistent ? "yes" : "no", "--appendfsync", "always", "--dir", _dir, "--protected-mode", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(info)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var process = _process;
        Eventually.Holds(() => process.HasExited || Ping(), TimeSpan.FromSeconds(10), "redis-server did not answer PING");

        // Give a failed bind a moment to surface, then insist that the answering server is ours.
        Thread.Sleep(20);
        if (process.HasExited)
        {
            _process = null;
            throw new InvalidOperationException($"redis-server exited at start (port {Port} taken?)");
        }
    }

    /// <summary>The server's process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Freezes the server with SIGSTOP: connections stay open but nothing is answered (a hung server, a long pause) until <see cref="Resume"/>.</summary>
    public void Pause() => Signal(UnixSignal.Stop);

    /// <summary>Resumes a server frozen by <see cref="Pause"/> (SIGCONT).</summary>
    public void Resume() => Signal(UnixSignal.Cont);

    /// <summary>Kills the server with SIGKILL (no shutdown, no final save); <see cref="Start"/> brings it back on the same port, from its append-only file when persistent.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        // A frozen server ignores nothing but SIGKILL, which Stop sends; resume anyway so no stopped process lingers if the kill fails.
        if (_process is { HasExited: false } p)
        {
            UnixSignals.Send(p.Id, UnixSignal.Cont);
        }

        Stop();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Signal(UnixSignal signal)
    {
        var p = _process is { HasExited: false } running ? running : throw new InvalidOperationException("redis-server is not running");
        UnixSignals.Send(p.Id, signal);
    }

    private bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var n = stream.Read(buffer);
            return n >= 5 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindRedisServer()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Opens a connection to this server.</summary>
    public ConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect(Configuration);
}
