using Momentary.Testing.Traits;
using System.Text;
using System.Text.Json;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Deploy.Tests.Support;
using Momentary.Host.Commands;
using Momentary.Host.Demo;
using Momentary.Host.Engine;
using Momentary.Redis.Runtime;
using Momentary.Testing;
using Momentary.Testing.Kafka;
using Momentary.Testing.Redis;
using Xunit.Abstractions;

namespace Momentary.Deploy.Tests.Engine;

/// <summary>
/// <c>momentary run</c> in a child process, configured by environment variables as the manifests configure it, against
/// the test Kafka cluster and a real redis-server: the health command, the probe paths, and the dashboard's metric names
/// read from a live scrape (the names follow whatever the engine and OpenTelemetry's Prometheus exporter export).
/// </summary>
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
[Trait(Needs.Trait, Needs.Processes)]
public sealed class EngineEndpointsTests(KafkaTestCluster cluster, RedisServerFixture redis, ITestOutputHelper output)
    : IClassFixture<KafkaTestCluster>, IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Dashboard metrics the engine does not export: consumer-group lag, read from Kafka by the collector's kafkametrics
    /// receiver (deploy/compose/otel-collector.yaml) and exported by its Prometheus exporter as kafka.consumer_group.lag
    /// → kafka_consumer_group_lag(_sum). There is no collector here to scrape.
    /// </summary>
    private static readonly HashSet<string> FromTheCollector = new(StringComparer.Ordinal) { "kafka_consumer_group_lag", "kafka_consumer_group_lag_sum" };

    [Fact]
    public async Task RunningEngine_HealthCommandProbePathsAndDashboardQueries_MatchWhatItServes()
    {
        using var engine = await StartEngineAsync();
        using var http = new HttpClient { BaseAddress = engine.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        // The image's healthcheck: exit 0 once the engine is ready.
        Assert.True(await Eventually.TrueAsync(async () => await HealthCommand.CheckAsync(new Uri(engine.BaseAddress, Ports.HealthPath), TimeSpan.FromSeconds(3), TextWriter.Null, CancellationToken.None) == 0, Limit), engine.Output);
        foreach (var path in new[] { Ports.AlivePath, Ports.HealthPath, Ports.MetricsPath })
        {
            Assert.True((await http.GetAsync(path)).IsSuccessStatusCode, $"GET {path}");
        }

        // Traffic that moves every counter the dashboard shows: an offer, a dead letter, a redemption, a refused write.
        ProduceTraffic();
        var wanted = DashboardMetricNames().Where(n => !FromTheCollector.Contains(n)).ToHashSet(StringComparer.Ordinal);
        var exported = new HashSet<string>(StringComparer.Ordinal);
        await Eventually.TrueAsync(async () =>
        {
            exported = ScrapedNames(await http.GetStringAsync(Ports.MetricsPath));
            return wanted.IsSubsetOf(exported);
        }, Limit);

        output.WriteLine("momentary_* exported: " + string.Join(", ", exported.Where(n => n.StartsWith("momentary_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)));
        var missing = wanted.Except(exported).ToList();
        Assert.True(missing.Count == 0, "the dashboard reads metrics the engine does not export: " + string.Join(", ", missing));
    }

    [Fact]
    public void Dashboard_CollectorMetrics_ComeFromAReceiverTheComposeCollectorRuns()
    {
        var collector = Yaml.Documents("deploy/compose/otel-collector.yaml").Single();
        var lagPipeline = collector.Entries("service", "pipelines").Single(p => p.Value.Items("exporters").Any(e => e.Scalars().Single() == "prometheus")).Value;

        Assert.Contains("kafkametrics", lagPipeline.Items("receivers").SelectMany(r => r.Scalars()));
        Assert.Contains("consumers", collector.Items("receivers", "kafkametrics", "scrapers").SelectMany(r => r.Scalars()));
        Assert.All(DashboardMetricNames().Where(n => !EngineExports(n)), n => Assert.Contains(n, FromTheCollector));
    }

    private async Task<EngineProcess> StartEngineAsync()
    {
        // The signal topics keep their default names, as the manifests do; this class's cluster is its own (a class
        // fixture), so on the mock they are still this test's alone.
        var prefix = KafkaTestCluster.UniqueName("deploy");
        var signals = TopicNames.Signals.ToArray();
        foreach (var topic in signals.Append(prefix + ".offers").Append(prefix + ".deadletter"))
        {
            try
            {
                cluster.CreateTopic(topic, 2);
            }
            catch (Confluent.Kafka.Admin.CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code == Confluent.Kafka.ErrorCode.TopicAlreadyExists))
            {
                // A real broker (MOMENTARY_KAFKA_BOOTSTRAP) keeps the default topics between runs.
            }
        }

        using (var runtime = RedisContextRuntime.Connect(EngineSettingsFactory.RedisTool(redis.Server.Configuration), TimeProvider.System))
        {
            await DemoScenario.SeedAsync(runtime.Store, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        var demo = Path.Combine(AppContext.BaseDirectory, "Demo");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Momentary__Kafka__BootstrapServers"] = cluster.BootstrapServers,
            ["Momentary__Kafka__GroupId"] = prefix + ".group",
            ["Momentary__Kafka__OfferTopic"] = prefix + ".offers",
            ["Momentary__Kafka__DeadLetterTopic"] = prefix + ".deadletter",
            ["Momentary__Redis__Configuration"] = redis.Server.Configuration,
            ["Momentary__RulesFile"] = Path.Combine(demo, "demo-rules.yaml"),
            ["Momentary__VenuesFile"] = Path.Combine(demo, "mall.geojson"),
            ["Momentary__DrainTimeout"] = "00:00:02",
        };
        Assert.Empty(EngineEnvironment.Problems(environment.Select(e => (e.Key, e.Value))));
        _topics = signals;
        return await EngineProcess.StartAsync(environment, Limit);
    }

    private string[] _topics = [];

    private void ProduceTraffic()
    {
        var now = DateTimeOffset.UtcNow;
        var walk = DemoScenario.Walk("jane", now.AddSeconds(-80)).Select(p => (Topic: _topics[0], (int?)null, p.CustomerId, SignalCodec.Encode(p), p.Timestamp));
        // A customer without a profile: nothing is kept about them, so their state write is refused (no-profile).
        var nobody = new LocationPing { Id = "p-" + Guid.NewGuid().ToString("N"), CustomerId = "nobody-" + Guid.NewGuid().ToString("N"), Timestamp = now, Latitude = 48.8596, Longitude = 2.3395 };
        var redemption = new CommerceEvent { Id = "red-1", CustomerId = "jane", Timestamp = now, Action = CommerceAction.Redemption, OfferId = "of_x", RuleId = "aurora-friends" };
        cluster.ProduceTimed(walk.Concat(
        [
            (_topics[0], null, nobody.CustomerId, SignalCodec.Encode(nobody), now),
            (_topics[4], null, "jane", SignalCodec.Encode(redemption), now),
            (_topics[3], null, "jane", Encoding.UTF8.GetBytes("{\"kind\":\"commerce\",\"id\":"), now),
        ]));
    }

    // The engine's own names: momentary.*, the runtime's dotnet.*, and the OpenTelemetry semantic-convention names it
    // uses for its messaging and database clients (docs/operations.md).
    private static bool EngineExports(string name) =>
        new[] { "momentary_", "dotnet_", "messaging_", "db_client_" }.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    private static HashSet<string> DashboardMetricNames()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepoFiles.Path(DeployFiles.Dashboard.Split('/'))));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => PromQl.MetricNames(t.GetProperty("expr").GetString()!))
            .ToHashSet(StringComparer.Ordinal);
    }

    // Series names of a Prometheus text exposition (histograms as name_bucket, name_sum, name_count).
    private static HashSet<string> ScrapedNames(string exposition) =>
        exposition.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l[..l.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
}
