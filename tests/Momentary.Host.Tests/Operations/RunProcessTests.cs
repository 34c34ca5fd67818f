using Momentary.Testing.Traits;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Momentary.Core.Messaging;
using Momentary.Host.Tests.Support;
using Momentary.Kafka.Embedded;
using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.Operations;

/// <summary>
/// <c>momentary run</c> as an operator meets it, as a separate process over real HTTP: it tells the truth about its
/// health, fails with one clear line and a non-zero exit code, and never reports success after a failure.
/// </summary>
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
[Trait(Needs.Trait, Needs.Processes)]
public sealed class RunProcessTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Run_WithAnUnreachableKafka_Answers503NamingKafka_ThenExits2WithOneLineNamingTheSetting()
    {
        var port = MomentaryProcess.FreePort();
        await using var run = MomentaryProcess.Start(["run"], Environment(port, kafka: "127.0.0.1:1", redis: string.Empty, json: true));

        var (status, body) = await HealthUntil(port, run, (s, _) => s == HttpStatusCode.ServiceUnavailable);
        var exit = await run.ExitedWithin(Bound);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", Check(body, "kafka").Status);
        Assert.Equal(2, exit);
        var line = Assert.Single(run.StandardError.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.Contains("Momentary__Kafka__BootstrapServers", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal); // no stack trace
        Assert.All(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => JsonDocument.Parse(l).Dispose()); // JSON lines on request
        Assert.Equal(string.Empty, run.StandardOutput.Trim()); // diagnostics never go to stdout
    }

    [Fact]
    public async Task Run_WithAnUnreachableRedis_Answers503NamingTheContextStore()
    {
        using var kafka = Cluster();
        var port = MomentaryProcess.FreePort();
        await using var run = MomentaryProcess.Start(["run"], Environment(port, kafka.BootstrapServers, redis: "127.0.0.1:1"));

        var (status, body) = await HealthUntil(port, run, (s, b) => s == HttpStatusCode.ServiceUnavailable && Check(b, "context-store").Status == "Unhealthy");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("PING", Check(body, "context-store").Description, StringComparison.Ordinal);
        Assert.False(run.HasExited && run.ExitCode == 0, "a failed run must never exit 0");
    }

    [Fact]
    public async Task Run_HealthyThenKafkaGoesAway_Answers503NamingKafka_AndSigtermExitsZero()
    {
        using var redis = new RedisServer();
        var kafka = Cluster();
        var port = MomentaryProcess.FreePort();
        await using var run = MomentaryProcess.Start(["run"], Environment(port, kafka.BootstrapServers, redis.Configuration));
        var (healthy, _) = await HealthUntil(port, run, (s, _) => s == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, healthy);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri($"http://127.0.0.1:{port}/alive"))).StatusCode);

        kafka.Dispose(); // every broker gone
        var (status, body) = await HealthUntil(port, run, (s, _) => s == HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("no Kafka broker reachable", Check(body, "kafka").Description, StringComparison.Ordinal);
        run.Terminate();
        Assert.Equal(0, await run.ExitedWithin(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Run_InvalidConfiguration_Exits2WithOneLinePerProblemNamingEachVariable()
    {
        var port = MomentaryProcess.FreePort();
        var environment = new Dictionary<string, string>(Environment(port, "127.0.0.1:1", string.Empty))
        {
            ["Momentary__Kafka__BootstrapServers"] = string.Empty,
            ["Momentary__ParallelismPerPartition"] = "0",
            ["Momentary__Redis__ProfileCacheTtl"] = "02:00:00",
            ["Momentary__Marketers__Enabled"] = "true", // without a token or proxy header
        };
        await using var run = MomentaryProcess.Start(["run"], environment);

        var exit = await run.ExitedWithin(Bound);

        Assert.Equal(2, exit);
        var lines = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("invalid configuration", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains("Momentary__Kafka__BootstrapServers", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Momentary__ParallelismPerPartition", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Momentary__Redis__ProfileCacheTtl", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Momentary__Marketers__Token: the marketers' page is enabled without a credential", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContextLoad_WithAnUnreachableRedis_ExitsNonZeroWithinThirtySecondsWithOneLine()
    {
        var file = Path.Combine(Path.GetTempPath(), $"context-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllTextAsync(file, """{"type":"profile","customerId":"jane","consent":{"offers":true}}""" + "\n");
        try
        {
            await using var load = MomentaryProcess.Start(["context", "load", file, "--redis", "127.0.0.1:1"], new Dictionary<string, string>());

            var exit = await load.ExitedWithin(Bound);

            Assert.Equal(1, exit);
            Assert.Contains("Redis did not answer", load.StandardError, StringComparison.Ordinal);
            Assert.Equal(string.Empty, load.StandardOutput.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    public void Dispose() => _http.Dispose();

    // The embedded cluster in this process; the engine process connects to it over loopback, as to a real broker.
    private static MockKafkaCluster Cluster()
    {
        var cluster = MockKafkaCluster.Start(brokers: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        foreach (var topic in TopicNames.All)
        {
            cluster.CreateTopic(topic, partitions: 2);
        }

        return cluster;
    }

    private static Dictionary<string, string> Environment(int port, string kafka, string redis, bool json = false)
    {
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Momentary__Kafka__BootstrapServers"] = kafka,
            ["Momentary__Kafka__GroupId"] = "ops-" + Guid.NewGuid().ToString("N"),
            ["Momentary__Kafka__Properties__session.timeout.ms"] = "6000",
            ["Momentary__Redis__Configuration"] = redis,
            ["Momentary__RulesFile"] = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-rules.yaml"),
            ["Momentary__VenuesFile"] = Path.Combine(AppContext.BaseDirectory, "Demo", "mall.geojson"),
        };
        if (json)
        {
            environment["Logging__Console__FormatterName"] = "json";
        }

        return environment;
    }

    // Polls /health until the condition holds (or the process exits, or 30 s pass); returns the last answer.
    private async Task<(HttpStatusCode Status, string Body)> HealthUntil(int port, MomentaryProcess run, Func<HttpStatusCode, string, bool> done)
    {
        var waited = Stopwatch.StartNew();
        (HttpStatusCode Status, string Body) last = (0, string.Empty);
        while (waited.Elapsed < Bound && !run.HasExited)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
                last = (response.StatusCode, await response.Content.ReadAsStringAsync());
                if (done(last.Status, last.Body))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // a slow answer; ask again
            }

            await Task.Delay(200);
        }

        return last;
    }

    private static (string Status, string Description) Check(string body, string name)
    {
        if (string.IsNullOrEmpty(body))
        {
            return (string.Empty, string.Empty);
        }

        using var json = JsonDocument.Parse(body);
        var check = json.RootElement.GetProperty("checks").GetProperty(name);
        return (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString()!);
    }
}
