namespace Momentary.Host.Reloading;

/// <summary>
/// Calls back, debounced, whenever anything changes in some directories, and on a slow poll besides. Directories
/// rather than files: a Kubernetes ConfigMap update swaps a <c>..data</c> symlink next to the file and raises no event
/// on the file itself, and editors save by writing a temporary file and renaming it. The poll covers volumes without
/// file events. The callback must not throw.
/// </summary>
internal sealed class FileWatch : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _debounce;
    private readonly ITimer _poll;

    public FileWatch(IEnumerable<string> directories, Action changed, TimeSpan pollEvery, TimeProvider time)
    {
        _debounce = time.CreateTimer(_ => changed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _poll = time.CreateTimer(_ => changed(), null, pollEvery, pollEvery);
        foreach (var directory in directories.Distinct(StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };

            // Editors and kubelet write in bursts; read once the burst has settled.
            watcher.Changed += (_, _) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
            watcher.Created += (_, _) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
            watcher.Renamed += (_, _) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
            watcher.Deleted += (_, _) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce.Dispose();
        _poll.Dispose();
    }
}
