using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Momentary.Testing;

namespace Momentary.Deploy.Tests.Support;

/// <summary>
/// <c>momentary run</c> as the image runs it: the Host's own build output in a child process, configured by environment
/// variables, listening on a port the OS picks (read back from its "Now listening on" line).
/// </summary>
internal sealed partial class EngineProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EngineProcess(IReadOnlyDictionary<string, string> environment)
    {
        // The test's own bin folder is .../bin/<Configuration>/net10.0: the Host was built beside it with the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var bin = RepoFiles.Path("src", "Momentary.Host", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = bin, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(bin, "momentary.dll"), "run", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Where it listens (http://127.0.0.1:port).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything it printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<EngineProcess> StartAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var engine = new EngineProcess(environment);
        var exited = engine._process.WaitForExitAsync();
        var first = await Task.WhenAny(engine._listening.Task, exited, Task.Delay(timeout));
        if (first != engine._listening.Task)
        {
            var output = engine.Output;
            engine.Dispose();
            throw new InvalidOperationException($"momentary run did not start listening within {timeout}:\n{output}");
        }

        engine.BaseAddress = await engine._listening.Task;
        return engine;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (Listening().Match(line) is { Success: true } m)
        {
            _listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
