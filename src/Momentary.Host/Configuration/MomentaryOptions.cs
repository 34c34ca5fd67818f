using System.ComponentModel.DataAnnotations;

namespace Momentary.Host.Configuration;

/// <summary>
/// Options of <c>momentary run</c>, bound from the <c>Momentary</c> section of appsettings.json and from
/// environment variables (<c>Momentary__Kafka__BootstrapServers=...</c>). Validated at start-up; mapped once
/// to the immutable settings the hot path reads.
/// </summary>
internal sealed class MomentaryOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Momentary";

    [Required]
    public KafkaOptions Kafka { get; set; } = new();

    [Required]
    public RedisOptions Redis { get; set; } = new();

    /// <summary>The marketers' page (off by default; docs/marketers.md).</summary>
    [Required]
    public MarketersOptions Marketers { get; set; } = new();

    /// <summary>Rules file (YAML). Hot-reloaded on change; an invalid file at start-up stops the process.</summary>
    [Required]
    public string RulesFile { get; set; } = "rules.yaml";

    /// <summary>Venues file (GeoJSON FeatureCollection).</summary>
    [Required]
    public string VenuesFile { get; set; } = "venues.geojson";

    /// <summary>Signals taken from a busy partition as one batch and processed concurrently (one customer at a time). Default 64.</summary>
    [Range(1, 1024)]
    public int ParallelismPerPartition { get; set; } = 64;

    /// <summary>
    /// How long buffered customer state may wait before it is written to Redis; offsets are stored only after the write,
    /// and a customer's writes within it coalesce into one. Zero writes after every batch. Default 500 ms (0 to 5 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan StateFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often the rules and venues files are read for changes besides file events (volumes without inotify). Default
    /// 10 s (1 s to 10 min); a change that raises an event applies within about 0.2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReloadPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long shutdown may take to drain in-flight work and commit. Default 20 s (1 s to 5 min).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
