using System.Net;
using System.Globalization;
using Confluent.Kafka;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Host.Demo;
using Momentary.Host.Engine;
using Momentary.Host.Tests.Support;
using Momentary.Kafka.Embedded;
using Momentary.Redis.Runtime;
using Momentary.Testing;
using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.Marketers;

/// <summary>
/// <c>momentary run</c> as a separate process with the marketers' page on, on the embedded Kafka cluster and a real
/// redis-server: one rule (walk into Aurora, not in quiet hours) and two customers whose time zones put one at noon and
/// the other at 2 a.m., whatever the wall clock says.
/// </summary>
internal sealed class MarketersEngine : IAsyncDisposable
{
    public const string Token = "browser-token-0123456789abcdef";
    public const string Rule = "aurora-fashion";

    private readonly MockKafkaCluster _kafka;
    private readonly RedisServer _redis;
    private readonly string _directory;

    private MarketersEngine(MockKafkaCluster kafka, RedisServer redis, string directory, MomentaryProcess process, int port)
    {
        _kafka = kafka;
        _redis = redis;
        _directory = directory;
        Process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public MomentaryProcess Process { get; }

    public Uri BaseAddress { get; }

    public string AuditLog => Path.Combine(_directory, "audit.log");

    /// <summary>The customer at local noon (gets the offer).</summary>
    public static string Daytime => "jane";

    /// <summary>The customer at 2 a.m. local time (no offer: quiet hours).</summary>
    public static string Night => "owl";

    public static async Task<MarketersEngine> StartAsync()
    {
        var kafka = MockKafkaCluster.Start(brokers: 1);
        kafka.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        foreach (var topic in TopicNames.All)
        {
            kafka.CreateTopic(topic, partitions: 2);
        }

        var redis = new RedisServer();
        var now = DateTimeOffset.UtcNow;
        using (var store = RedisContextRuntime.Connect(EngineSettingsFactory.RedisTool(redis.Configuration), TimeProvider.System))
        {
            await store.Store.UpsertProfileAsync(Profile(Daytime, ZoneAt(now, localHour: 12)), CancellationToken.None);
            await store.Store.UpsertProfileAsync(Profile(Night, ZoneAt(now, localHour: 2)), CancellationToken.None);
        }

        var directory = Directory.CreateTempSubdirectory("marketers-").FullName;
        var rules = Path.Combine(directory, "rules.yaml");
        await File.WriteAllTextAsync(rules, $"""
            version: 1
            rules:
              - id: {Rule}
                description: 20% off at Aurora for fashion fans, never at night
                trigger:
                  enter: {"{"} venue: aurora {"}"}
                when:
                  consent: offers
                  segments: [fashion]
                  quietHours: {"{"} from: "22:00", to: "08:00" {"}"}
                offer:
                  message: "{"{discount}"} off at {"{venue}"}, valid {"{validFor}"}"
                  percent: 20
                  validFor: 3h
                holdout: 5%
                caps: {"{"} perCustomer: 1, window: 1d {"}"}
            """);
        var port = MomentaryProcess.FreePort();
        var process = MomentaryProcess.Start(["run"], new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Momentary__Kafka__BootstrapServers"] = kafka.BootstrapServers,
            ["Momentary__Kafka__GroupId"] = "marketers-" + Guid.NewGuid().ToString("N"),
            ["Momentary__Kafka__Properties__session.timeout.ms"] = "6000",
            ["Momentary__Redis__Configuration"] = redis.Configuration,
            ["Momentary__RulesFile"] = rules,
            ["Momentary__VenuesFile"] = Path.Combine(AppContext.BaseDirectory, "Demo", "mall.geojson"),
            ["Momentary__Marketers__Enabled"] = "true",
            ["Momentary__Marketers__Token"] = Token,
            ["Momentary__Marketers__AuditLog"] = Path.Combine(directory, "audit.log"),
        });
        var engine = new MarketersEngine(kafka, redis, directory, process, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var healthy = await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri(engine.BaseAddress, "/health"));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60));
        Assert.True(healthy, "the engine never became healthy:\n" + process.StandardError);
        return engine;
    }

    /// <summary>Walks <paramref name="customerId"/> into Aurora (location signals through Kafka).</summary>
    public void WalkIntoAurora(string customerId)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        foreach (var ping in DemoScenario.Walk(customerId, DateTimeOffset.UtcNow.AddSeconds(-60)))
        {
            producer.Produce(TopicNames.Location, new Message<string, byte[]> { Key = customerId, Value = SignalCodec.Encode(ping), Timestamp = new Timestamp(ping.Timestamp) });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _redis.Dispose();
        _kafka.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    // A fixed-offset zone (Etc/GMT-N is UTC+N) whose local hour is now localHour.
    private static string ZoneAt(DateTimeOffset now, int localHour)
    {
        var offset = ((localHour - now.UtcDateTime.Hour) % 24 + 24) % 24;
        if (offset > 14)
        {
            offset -= 24;
        }

        return offset switch
        {
            0 => "Etc/UTC",
            > 0 => "Etc/GMT-" + offset.ToString(CultureInfo.InvariantCulture),
            _ => "Etc/GMT+" + (-offset).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static CustomerProfile Profile(string id, string zone) => new()
    {
        CustomerId = id,
        Segments = ["fashion"],
        Consent = new Dictionary<string, bool> { ["offers"] = true, ["location"] = true },
        TimeZone = zone,
    };
}
