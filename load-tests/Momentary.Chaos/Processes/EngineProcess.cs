using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;

namespace Momentary.Chaos.Processes;

/// <summary>One <c>momentary run</c> OS process, configured only by environment variables, serving /health and /metrics on its own port.</summary>
internal sealed partial class EngineProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private EngineProcess(string name, int port, ChildProcess process)
    {
        Name = name;
        Port = port;
        Process = process;
    }

    public string Name { get; }

    public int Port { get; }

    public ChildProcess Process { get; }

    public bool IsRunning => !Process.HasExited;

    /// <summary>Starts the engine; <paramref name="environment"/> holds every <c>Momentary__*</c> setting except the port, added here.</summary>
    public static EngineProcess Start(MomentaryBinary binary, string name, IReadOnlyDictionary<string, string> environment, string directory)
    {
        var port = FreePorts.Next();
        var env = new Dictionary<string, string>(environment) { ["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" };
        return new EngineProcess(name, port, ChildProcess.Start(name, binary.Command, ["run"], env, directory, Path.Combine(directory, name + ".log")));
    }

    /// <summary>GET /health, bounded by 2 s.</summary>
    public async Task<HealthAnswer> HealthAsync(CancellationToken ct = default)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{Port}/health"), ct);
            return new HealthAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException ex)
        {
            return HealthAnswer.None(ex.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthAnswer.None("timed out after 2 s");
        }
    }

    /// <summary>Tasks the engine's consumer holds, from the Kafka check of its /health body ("N task(s) assigned"); 0 when none or unreachable.</summary>
    public async Task<int> TasksAssignedAsync(CancellationToken ct = default)
    {
        var answer = await HealthAsync(ct);
        var match = TasksAssigned().Match(answer.Body ?? "");
        return match.Success ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Signals the engine has finished (every outcome), from <c>momentary_pipeline_signals_total</c> on /metrics; null when unreachable.</summary>
    public async Task<long?> SignalsProcessedAsync(CancellationToken ct = default)
    {
        string text;
        try
        {
            text = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/metrics"), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }

        long total = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("momentary_pipeline_signals_total", StringComparison.Ordinal))
            {
                var space = line.LastIndexOf(' ');
                if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    total += (long)value;
                }
            }
        }

        return total;
    }

    /// <summary>
    /// Waits until /health answers 200 (the engine has loaded its files and is consuming; "Degraded" counts), or the
    /// process exits; false then, or after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitRunningAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline && IsRunning)
        {
            if ((await HealthAsync(ct)).Status == 200)
            {
                return true;
            }

            await Task.Delay(200, ct);
        }

        return false;
    }

    /// <summary>"exited with code N: why" for an engine that died by itself.</summary>
    public string ExitDescription() =>
        $"{Name} exited with code {Process.ExitCode}" + (CrashReason.From(Process.LogPath) is { } why ? $" ({why})" : string.Empty);

    public void Dispose() => Process.Dispose();

    [GeneratedRegex(@"(\d+) task\(s\) assigned")]
    private static partial Regex TasksAssigned();
}
