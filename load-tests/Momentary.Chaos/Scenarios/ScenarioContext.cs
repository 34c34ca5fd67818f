using Momentary.Chaos.Input;
using Momentary.Chaos.Processes;
using Momentary.Chaos.Verification;
using Momentary.Chaos.Worlds;
using Momentary.City;

namespace Momentary.Chaos.Scenarios;

/// <summary>What every scenario of one run shares: options, the engine binary, the city, the seeded input and the reference run (made once, on first use).</summary>
internal sealed class ScenarioContext(ChaosOptions options, MomentaryBinary binary, CityWorld city, ChaosInput input, string runId, string runDirectory, TextWriter log)
{
    private readonly SemaphoreSlim _referenceLock = new(1, 1);
    private ReferenceRun? _reference;

    public ChaosOptions Options { get; } = options;

    public MomentaryBinary Binary { get; } = binary;

    public CityWorld City { get; } = city;

    /// <summary>The clean seeded input.</summary>
    public ChaosInput Input { get; } = input;

    public string RunId { get; } = runId;

    public string RunDirectory { get; } = runDirectory;

    public TextWriter Log { get; } = log;

    public IReadOnlyList<string> CustomerIds { get; } = [.. city.City.Customers.Select(c => c.Id)];

    public CapLimits Caps { get; } = new(CityRules.PerCustomerCap, CityRules.CapWindow, CityRules.MaxOffersPerCustomerPerHour);

    public string? ExternalBootstrap { get; } = ExternalKafka.FromEnvironment();

    /// <summary>A world named <paramref name="name"/> for <paramref name="input"/>: the city's files, the input's check-ins in its context.</summary>
    public WorldSpec Spec(string name, ChaosInput input) => new(
        name,
        Path.Combine(RunDirectory, name),
        RunId,
        City.RulesYaml,
        City.VenuesGeoJson,
        City.ContextNdjson + input.CheckInsNdjson,
        Options.Partitions,
        Options.SessionTimeout,
        ExternalBootstrap,
        Options.RedisCluster);

    /// <summary>The reference run, if a scenario has asked for it and it succeeded.</summary>
    public ReferenceRun? CompletedReference => _reference;

    /// <summary>The fault-free run of the clean input, run on first use.</summary>
    public async Task<ReferenceRun> ReferenceAsync(CancellationToken ct)
    {
        await _referenceLock.WaitAsync(ct);
        try
        {
            return _reference ??= await ReferenceRun.RunAsync(this, ct);
        }
        finally
        {
            _referenceLock.Release();
        }
    }
}
