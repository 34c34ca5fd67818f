using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Momentary.Core.Rules;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Engine;
using Momentary.Host.Telemetry;

namespace Momentary.Host.Reloading;

/// <summary>
/// The rules and venues files the engine runs on, hot-reloaded as one: whenever either file's bytes change (a plain
/// save, an editor's rename dance, or a Kubernetes ConfigMap update, where kubelet swaps a <c>..data</c> symlink and the
/// file itself raises no event), the changed files are parsed in full and the rules validated against the venues that
/// will be in force; only then are both swapped in, atomically between signals. A broken file, or rules that no
/// longer fit new venues, is rejected with every located error logged, counted
/// (<c>momentary.config.reloads{result=rejected}</c>), and the running files stay. Nothing that reading or parsing
/// throws ever escapes (a timer callback's exception would end the process).
/// </summary>
internal sealed partial class EngineFiles : IDisposable
{
    private readonly string _rulesPath;
    private readonly string _venuesPath;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _reloading = new();
    private FileWatch? _watch;
    private Snapshot _current;

    private EngineFiles(string rulesPath, string venuesPath, ILogger logger, TimeProvider time, Snapshot current)
    {
        _rulesPath = rulesPath;
        _venuesPath = venuesPath;
        _logger = logger;
        _time = time;
        _current = current;
        HostTelemetry.RulesInForce(current.Info);
    }

    /// <summary>The rules in force; read once per signal.</summary>
    public RuleBook Rules => Volatile.Read(ref _current).Rules;

    /// <summary>The fence index in force; read once per signal.</summary>
    public FenceIndex Venues => Volatile.Read(ref _current).Venues;

    /// <summary>Which rules file is in force, for health and operators.</summary>
    public RulesInForce RulesInForce => Volatile.Read(ref _current).Info;

    /// <summary>Reloads applied since start.</summary>
    public int Reloads { get; private set; }

    /// <summary>Raised after a reload was applied (on the watcher's thread; must not throw).</summary>
    public event Action<RulesInForce>? Applied;

    /// <summary>Raised after a changed file was applied or rejected (on the watcher's thread; must not throw).</summary>
    public event Action<ReloadReport>? Reloaded;

    /// <summary>Loads both files; throws the located errors of a broken one.</summary>
    /// <exception cref="VenueFileException">The venues file is unreadable or invalid.</exception>
    /// <exception cref="RuleFileException">The rules file is unreadable or invalid (for these venues).</exception>
    public static EngineFiles Load(string rulesPath, string venuesPath, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        rulesPath = Path.GetFullPath(rulesPath);
        venuesPath = Path.GetFullPath(venuesPath);
        var venuesBytes = ReadOrThrow(venuesPath, reason => new VenueFileException(venuesPath, null, "cannot read the file: " + reason));
        var catalog = VenueCatalog.Parse(Text(venuesBytes), venuesPath);
        var rulesBytes = ReadOrThrow(rulesPath, reason => new RuleFileException([new RuleError(rulesPath, 1, 1, "cannot read the rules file: " + reason)]));
        var rules = RuleBookLoader.Parse(Text(rulesBytes), rulesPath, catalog.Venues);
        return new EngineFiles(rulesPath, venuesPath, logger, time, new Snapshot(rules, catalog, FenceIndex.Build(catalog), Hash(rulesBytes), Hash(venuesBytes), new RulesInForce(rulesPath, rules.RuleIds.Count, Hash(rulesBytes), time.GetUtcNow()) { Text = Text(rulesBytes) }));
    }

    /// <summary>
    /// Watches both files' directories (every event there, debounced, since a ConfigMap update raises none on the file
    /// itself) and polls them every <paramref name="pollEvery"/> as a fallback for volumes without file events.
    /// </summary>
    public void Watch(TimeSpan pollEvery)
    {
        _watch ??= new FileWatch([Path.GetDirectoryName(_rulesPath)!, Path.GetDirectoryName(_venuesPath)!], ReloadSafely, pollEvery, _time);
    }

    /// <summary>Reads both files and applies what changed; never throws.</summary>
    public ReloadResult Reload()
    {
        lock (_reloading)
        {
            var current = Volatile.Read(ref _current);
            if (!TryRead(_rulesPath, "rules", out var rulesBytes) || !TryRead(_venuesPath, "venues", out var venuesBytes))
            {
                return ReloadResult.Rejected;
            }

            var rulesHash = Hash(rulesBytes);
            var venuesHash = Hash(venuesBytes);
            var venuesChanged = venuesHash != current.VenuesHash;
            if (rulesHash == current.RulesHash && !venuesChanged)
            {
                return ReloadResult.Unchanged;
            }

            var file = venuesChanged ? "venues" : "rules";
            var catalog = current.Catalog;
            if (venuesChanged)
            {
                try
                {
                    catalog = VenueCatalog.Parse(Text(venuesBytes), _venuesPath);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    return Rejected(file, ex is VenueFileException ? ex.Message : $"{_venuesPath}: cannot be read ({ex.GetType().Name})");
                }
            }

            // Rules are validated against the venues that will be in force: a venue a rule names may have gone.
            if (!RuleBookLoader.TryParse(Text(rulesBytes), _rulesPath, catalog.Venues, out var rules, out var errors))
            {
                return Rejected(file, string.Join(Environment.NewLine, errors) + (venuesChanged && rulesHash == current.RulesHash ? Environment.NewLine + "(the rules in force do not fit the new venues)" : string.Empty));
            }

            FenceIndex index;
            try
            {
                index = venuesChanged ? FenceIndex.Build(catalog) : current.Venues;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return Rejected(file, $"{_venuesPath}: cannot be indexed ({ex.GetType().Name})");
            }

            var info = new RulesInForce(_rulesPath, rules!.RuleIds.Count, rulesHash, _time.GetUtcNow()) { Text = Text(rulesBytes) };
            Volatile.Write(ref _current, new Snapshot(rules, catalog, index, rulesHash, venuesHash, info));
            Reloads++;
            HostTelemetry.Reloaded(file, applied: true);
            HostTelemetry.RulesInForce(info);
            LogApplied(_logger, _rulesPath, rules.RuleIds.Count, rulesHash, catalog.Venues.Count);
            Applied?.Invoke(info);
            Reloaded?.Invoke(new ReloadReport(ReloadResult.Applied, file, _time.GetUtcNow()));
            return ReloadResult.Applied;
        }
    }

    /// <summary>Stops watching; the files in force stay usable.</summary>
    public void Dispose() => _watch?.Dispose();

    private void ReloadSafely()
    {
        try
        {
            Reload();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Last resort: the exception's type only (a message may quote the file), and the running files stay.
            LogReloadFailed(_logger, ex.GetType().Name);
        }
    }

    private ReloadResult Rejected(string file, string errors)
    {
        HostTelemetry.Reloaded(file, applied: false);
        LogRejected(_logger, file, errors);
        Reloaded?.Invoke(new ReloadReport(ReloadResult.Rejected, file, _time.GetUtcNow()));
        return ReloadResult.Rejected;
    }

    private bool TryRead(string path, string file, out byte[] bytes)
    {
        try
        {
            bytes = File.ReadAllBytes(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Mid-update (a ConfigMap swap, an editor's rename) or a directory in the file's place: the next event or poll retries.
            bytes = [];
            HostTelemetry.Reloaded(file, applied: false);
            LogUnreadable(_logger, path, ex.GetType().Name);
            return false;
        }
    }

    private static byte[] ReadOrThrow(string path, Func<string, Exception> error)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw error(ex.Message);
        }
    }

    // UTF-8, with a byte-order mark dropped as File.ReadAllText would.
    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes);

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded {Path}: {Count} rule(s) in force (sha256 {Hash}), {Venues} venue(s)")]
    private static partial void LogApplied(ILogger logger, string path, int count, string hash, int venues);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {File} file change was rejected; the running rules and venues stay:\n{Errors}")]
    private static partial void LogRejected(ILogger logger, string file, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} could not be read ({Reason}); the running rules and venues stay")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading the rules and venues failed unexpectedly ({ExceptionType}); the running ones stay")]
    private static partial void LogReloadFailed(ILogger logger, string exceptionType);

    // The files in force, swapped whole.
    private sealed record Snapshot(RuleBook Rules, VenueCatalog Catalog, FenceIndex Venues, string RulesHash, string VenuesHash, RulesInForce Info);
}
