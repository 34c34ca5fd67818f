using System.Diagnostics;
using Momentary.Testing.Processes;

namespace Momentary.Chaos.Processes;

/// <summary>
/// An OS process the suite started: its output appended to a log file, its exit observed, and it is always
/// killed on dispose, so no run leaves an orphan behind whatever fails.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public string LogPath { get; private set; } = string.Empty;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The exit code once exited (137 after SIGKILL, 143 after an unhandled SIGTERM).</summary>
    public int? ExitCode => _exited.Task.IsCompletedSuccessfully ? _exited.Task.Result : null;

    /// <summary>Completes with the exit code.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>The first line the process wrote to standard output (e.g. dev-cluster's bootstrap servers).</summary>
    public Task<string> FirstLine => _firstLine.Task;

    /// <summary>Starts <paramref name="command"/> (an executable, or a .dll run with <c>dotnet</c>) with <paramref name="environment"/> added to this process's.</summary>
    public static ChildProcess Start(string name, string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory, string logPath)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (command.EndsWith(".dll", StringComparison.Ordinal))
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add(command);
        }
        else
        {
            info.FileName = command;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log) { LogPath = logPath };
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, stdout: false);
        process.Exited += (_, _) => child.OnExited();
        child.Write($"# {name}: {info.FileName} {string.Join(' ', info.ArgumentList)}");
        if (!process.Start())
        {
            log.Dispose();
            throw new InvalidOperationException($"{name}: the process did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process had already exited.</summary>
    public bool Signal(UnixSignal signal)
    {
        if (HasExited)
        {
            return false;
        }

        Write($"# chaos: sending SIG{signal.ToString().ToUpperInvariant()}");
        return UnixSignals.Send(_process.Id, signal);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the exit; true when it exited.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // exited in between
            }
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        if (stdout)
        {
            _firstLine.TrySetResult(line);
        }

        Write(stdout ? line : "[stderr] " + line);
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        Write($"# chaos: exited with code {code}");
        _firstLine.TrySetException(new InvalidOperationException($"{Name} exited with code {code} before writing a line"));
        _exited.TrySetResult(code);
    }

    private void Write(string line)
    {
        lock (_logLock)
        {
            // Output still draining after Dispose closed the log is dropped.
            if (!_disposed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
