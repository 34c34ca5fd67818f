using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
        WaitUntil(() => process.HasExited || Ping(), TimeSpan.FromSeconds(10), "redis-server did not answer PING");

        // Give a failed bind a moment to surface, then insist that the answering server is ours.
        Thread.Sleep(20);
        if (process.HasExited)
        {
            _process = null;
            throw new InvalidOperationException($"redis-server exited at start (port {Port} taken?)");
        }
    }

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

    /// <summary>Freezes the server (SIGSTOP): connections stay open, nothing is answered, as in a long GC-like stall or a hung host.</summary>
    public void Pause() => Signal(19);

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    public void Resume() => Signal(18);

    private void Signal(int signal)
    {
        if (_process is not { HasExited: false } p || Kill(p.Id, signal) != 0)
        {
            throw new InvalidOperationException($"could not signal redis-server ({signal})");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            Signal(18); // a paused server would not die of SIGKILL any later, but let it go on before it is killed
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

    /// <summary>Polls <paramref name="condition"/> until true or <paramref name="timeout"/>.</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException(what);
            }

            Thread.Sleep(10);
        }
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
