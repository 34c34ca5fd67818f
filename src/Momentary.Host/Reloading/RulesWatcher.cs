using Microsoft.Extensions.Logging;
using Momentary.Core.Rules;
using Momentary.Core.Venues;

namespace Momentary.Host.Reloading;

/// <summary>
/// Holds the current rule book and hot-reloads it when the file changes: the new file is validated in full and
/// swapped in atomically between signals; an invalid file is rejected with its errors logged and the running
/// rules stay.
/// </summary>
public sealed partial class RulesWatcher : IDisposable
{
    private readonly string _path;
    private readonly IReadOnlyDictionary<string, Venue> _venues;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounce;
    private RuleBook _current;

    /// <summary>Loads <paramref name="path"/> (throws <see cref="RuleFileException"/> when invalid) and starts watching it.</summary>
    public RulesWatcher(string path, IReadOnlyDictionary<string, Venue> venues, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _venues = venues;
        _logger = logger;
        _current = RuleBookLoader.Load(_path, venues);
        _debounce = new Timer(_ => ReloadFromTimer(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };

        // Editors save in bursts (truncate, write, rename); wait for the burst to settle before reading.
        _watcher.Changed += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.Created += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.Renamed += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The rules in force; read once per signal.</summary>
    public RuleBook Current => Volatile.Read(ref _current);

    /// <summary>Number of successful reloads since start.</summary>
    public int Reloads { get; private set; }

    /// <summary>Validates the file and swaps it in; returns whether it was accepted.</summary>
    public bool Reload()
    {
        string text;
        try
        {
            text = File.ReadAllText(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unix reports a directory in the file's place, or a file made unreadable, as UnauthorizedAccessException.
            LogUnreadable(_logger, _path, ex.Message);
            return false;
        }

        if (!RuleBookLoader.TryParse(text, _path, _venues, out var book, out var errors))
        {
            LogRejected(_logger, _path, errors.Count, string.Join(Environment.NewLine, errors));
            return false;
        }

        Volatile.Write(ref _current, book!);
        Reloads++;
        LogReloaded(_logger, _path, book!.RuleIds.Count);
        return true;
    }

    // An exception escaping a timer callback ends the process: whatever the reload throws is logged (its type only:
    // rules files hold no personal data, but exception messages may quote anything) and the running rules stay.
    private void ReloadFromTimer()
    {
        try
        {
            Reload();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReloadFailed(_logger, _path, ex.GetType().Name);
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _debounce.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rules reloaded from {Path}: {Count} rule(s) in force")]
    private static partial void LogReloaded(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rules file {Path} rejected ({Count} error(s)); the running rules stay:\n{Errors}")]
    private static partial void LogRejected(ILogger logger, string path, int count, string errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading rules file {Path} failed unexpectedly ({ExceptionType}); the running rules stay")]
    private static partial void LogReloadFailed(ILogger logger, string path, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rules file {Path} could not be read ({Reason}); the running rules stay")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
