using Momentary.Core.Context;
using Momentary.Core.Import;
using Momentary.Core.Rules;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Engine;
using Momentary.Pipeline.Processing;

namespace Momentary.Samples.Sandbox;

/// <summary>
/// The engine as <c>momentary demo</c> runs it (the demo mall and rules, the in-memory store) on a given cluster, with
/// the customers of a context file: what the samples talk to when no Kafka or Redis is at hand.
/// </summary>
public sealed class SandboxWorld : IAsyncDisposable
{
    private readonly MomentaryEngine _engine;

    private SandboxWorld(ICustomerContextStore store, SignalProcessor processor, MomentaryEngine engine)
    {
        Store = store;
        Processor = processor;
        _engine = engine;
    }

    /// <summary>The customers' context: profiles, friends, state (propensities included).</summary>
    public ICustomerContextStore Store { get; }

    /// <summary>The engine's processor (<see cref="SignalProcessor.Processed"/> counts every record it finished).</summary>
    public SignalProcessor Processor { get; }

    /// <summary>Loads <paramref name="contextFile"/> and starts the engine; the topics must exist, co-partitioned.</summary>
    public static async Task<SandboxWorld> StartAsync(string bootstrapServers, SandboxTopics topics, string contextFile, string groupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var demo = Path.Combine(AppContext.BaseDirectory, "Demo");
        var catalog = VenueCatalog.Load(Path.Combine(demo, "mall.geojson"));
        var rules = RuleBookLoader.Load(Path.Combine(demo, "demo-rules.yaml"), catalog.Venues);
        var store = new InMemoryContextStore();
        using (var context = File.OpenText(contextFile))
        {
            var summary = await new ContextImporter(store).ImportAsync(context, cancellationToken: cancellationToken);
            if (summary.Errors.Count > 0)
            {
                throw new InvalidDataException($"{contextFile}: {summary}");
            }
        }

        var pipeline = new PipelineSettings { OfferTopic = topics.Offers, ControlTopic = topics.Control, DeadLetterTopic = topics.DeadLetters };
        var processor = new SignalProcessor(store, () => rules, new Geofencer(FenceIndex.Build(catalog), new GeofenceSettings()), TimeProvider.System, pipeline);
        var engine = MomentaryEngine.Start(EngineSettingsFactory.Embedded(bootstrapServers, groupId, topics.Inputs, pipeline), processor);
        return new SandboxWorld(store, processor, engine);
    }

    /// <summary>Drains and stops the engine (within 20 s).</summary>
    public async ValueTask DisposeAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _engine.StopAsync(bound.Token);
        }
        finally
        {
            await _engine.DisposeAsync();
        }
    }
}
