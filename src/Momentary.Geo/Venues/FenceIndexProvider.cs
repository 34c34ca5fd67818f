using Momentary.Geo.Geofencing;

namespace Momentary.Geo.Venues;

/// <summary>
/// The current fence index of a venues file, hot-reloaded: a changed file is parsed and indexed in full, then
/// swapped in atomically between signals; a broken file keeps the old index and reports file, feature and problem.
/// </summary>
public sealed class FenceIndexProvider : IDisposable
{
    private readonly string _path;
    private readonly Action<string> _onRejected;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounce;
    private FenceIndex _current;

    /// <summary>Loads <paramref name="path"/> (throws <see cref="VenueFileException"/> when invalid) and watches it.</summary>
    /// <param name="path">The venues GeoJSON file.</param>
    /// <param name="onRejected">Told why a changed file was rejected (the message names file and feature; no personal data). Must not throw.</param>
    public FenceIndexProvider(string path, Action<string> onRejected)
    {
        _path = Path.GetFullPath(path);
        _onRejected = onRejected;
        _current = FenceIndex.Build(VenueCatalog.Load(_path));
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };

        // Editors save in bursts; read once the burst has settled.
        _watcher.Changed += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.Created += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.Renamed += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The index in force.</summary>
    public FenceIndex Current => Volatile.Read(ref _current);

    /// <summary>Successful reloads since start.</summary>
    public int Reloads { get; private set; }

    /// <summary>
    /// Parses, indexes and swaps in the file now; returns whether it was accepted. Never throws (the reload timer calls
    /// it, and an exception out of a timer callback ends the process): every failure goes to <c>onRejected</c>.
    /// </summary>
    public bool Reload()
    {
        try
        {
            var index = FenceIndex.Build(VenueCatalog.Load(_path));
            Volatile.Write(ref _current, index);
            Reloads++;
            return true;
        }
        catch (VenueFileException ex)
        {
            _onRejected(ex.Message);
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Last resort (indexing a catalog that parsed, say): the old index stays, and the reason is told.
            _onRejected($"{_path}: cannot be indexed ({ex.GetType().Name}: {ex.Message})");
            return false;
        }
    }

    /// <summary>Stops watching the file; the current index stays usable.</summary>
    public void Dispose()
    {
        _watcher.Dispose();
        _debounce.Dispose();
    }
}
