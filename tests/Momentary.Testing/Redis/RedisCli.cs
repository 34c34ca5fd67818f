using System.Diagnostics;
using System.Globalization;

namespace Momentary.Testing.Redis;

/// <summary>Runs Debian's <c>redis-cli</c> (cluster creation, resharding, admin commands on one node) and returns its output.</summary>
public static class RedisCli
{
    /// <summary>Runs <c>redis-cli</c> with <paramref name="arguments"/>; throws with its output when it exits non-zero or takes longer than <paramref name="timeout"/> (default 60 s).</summary>
    public static string Run(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var path = RedisServer.FindTool("redis-cli") ?? throw new InvalidOperationException("redis-cli is not installed: run the README's test command (bash tests/run.sh), which installs redis-server and redis-tools with apt-get.");
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            process.WaitForExit();
            throw new TimeoutException($"redis-cli {string.Join(' ', info.ArgumentList)} did not finish");
        }

        var output = stdout.GetAwaiter().GetResult();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"redis-cli {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}: {output}{stderr.GetAwaiter().GetResult()}");
    }

    /// <summary>Runs one command on the node at <paramref name="port"/> (loopback) and returns its raw reply.</summary>
    public static string Command(int port, params string[] command) =>
        Run(["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. command]).TrimEnd('\n');
}
