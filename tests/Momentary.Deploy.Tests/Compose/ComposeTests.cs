using Momentary.Deploy.Tests.Support;
using Momentary.Host.Commands;
using YamlDotNet.RepresentationModel;

namespace Momentary.Deploy.Tests.Compose;

/// <summary>deploy/compose/compose.yaml as written: parses, runs what the issue asks, and only what the engine reads.</summary>
public sealed class ComposeTests
{
    private static readonly IReadOnlyDictionary<string, YamlMappingNode> Services = DeployFiles.ComposeServices();

    [Fact]
    public void Compose_Services_AreKafkaRedisTwoEnginesCollectorPrometheusGrafanaAndTheDemo()
    {
        string[] expected = ["kafka", "topics", "redis", "momentary-1", "momentary-2", "otel-collector", "prometheus", "grafana", "demo-context", "demo-signals", "demo-offers"];

        Assert.Equal(expected.Order(StringComparer.Ordinal), Services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["momentary-1", "momentary-2"], DeployFiles.EngineServices().Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(Services.Where(s => s.Key.StartsWith("demo-", StringComparison.Ordinal)), s => Assert.Equal(["demo"], s.Value.Items("profiles").Select(p => ((YamlScalarNode)p).Value)));
    }

    [Fact]
    public void Compose_Kafka_RunsInKRaftModeWithoutZooKeeper()
    {
        var environment = Environment(Services["kafka"]);

        Assert.Contains("controller", environment["KAFKA_PROCESS_ROLES"], StringComparison.Ordinal);
        Assert.DoesNotContain(Services.Keys, k => k.Contains("zookeeper", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_Images_AreVersionedNeverLatest()
    {
        foreach (var (name, service) in Services)
        {
            var image = service.Text("image");
            Assert.False(image is null, $"{name} names no image");
            var tag = image!.Split('@')[0].Split(':') is [_, var t] ? t : null;
            Assert.True(tag is not null && tag != "latest", $"{name}: image {image} has no version");
        }
    }

    [Fact]
    public void Compose_EngineHealthcheck_RunsTheMomentaryHealthCommandAgainstItsOwnPort()
    {
        foreach (var (name, service) in DeployFiles.EngineServices())
        {
            var test = service.Items("healthcheck", "test").Select(t => ((YamlScalarNode)t).Value!).ToList();

            Assert.Equal(["CMD", "dotnet", "/app/momentary.dll", "health"], test.Take(4));
            Assert.DoesNotContain(test, t => t.Contains("wget", StringComparison.Ordinal) || t.Contains("curl", StringComparison.Ordinal));
            Assert.Equal(new Uri(test[test.IndexOf("--url") + 1]), new UriBuilder(HealthCommand.DefaultUrl) { Port = Ports.Engine }.Uri);
            Assert.Contains(service.Items("ports").Select(p => ((YamlScalarNode)p).Value!), p => p.EndsWith($":{Ports.Engine}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Compose_EngineEnvironment_NamesOnlyOptionsTheEngineBinds()
    {
        foreach (var (name, service) in Services.Where(s => s.Value.Text("image")?.StartsWith("momentary:", StringComparison.Ordinal) == true))
        {
            Assert.Empty(EngineEnvironment.Problems(Environment(service).Select(e => (e.Key, e.Value))).Select(p => $"{name}: {p}"));
        }
    }

    [Fact]
    public void Compose_Engines_RunReadOnlyWithoutPrivileges()
    {
        foreach (var (name, service) in DeployFiles.EngineServices())
        {
            Assert.True(service.Text("read_only") == "true", $"{name}: read_only");
            Assert.Contains("ALL", service.Items("cap_drop").Select(c => ((YamlScalarNode)c).Value));
            Assert.Contains("no-new-privileges:true", service.Items("security_opt").Select(c => ((YamlScalarNode)c).Value));
        }
    }

    [Fact]
    public void Prometheus_ScrapesEveryEngineOnTheMetricsPathAndPort()
    {
        var scrape = Yaml.Documents(DeployFiles.Prometheus).Single().Items("scrape_configs").Single(c => c.Text("job_name") == "momentary");
        var targets = scrape.Items("static_configs").SelectMany(c => c.Items("targets")).Select(t => ((YamlScalarNode)t).Value!).ToList();

        Assert.Equal(Ports.MetricsPath, scrape.Text("metrics_path"));
        Assert.Equal(DeployFiles.EngineServices().Select(s => $"{s.Name}:{Ports.Engine}").Order(StringComparer.Ordinal), targets.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Grafana_ProvisioningAndDashboard_AreWhereComposeMountsThem()
    {
        var grafana = Services["grafana"];
        var mounts = grafana.Items("volumes").Select(v => ((YamlScalarNode)v).Value!.Split(':')).ToDictionary(m => m[1], m => m[0], StringComparer.Ordinal);
        var home = Environment(grafana)["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];

        Assert.True(Directory.Exists(Testing.RepoFiles.Path("deploy", "compose", mounts["/etc/grafana/provisioning"])));
        Assert.StartsWith("/var/lib/grafana/dashboards/", home, StringComparison.Ordinal);
        Assert.True(File.Exists(Testing.RepoFiles.Path("deploy", "compose", mounts["/var/lib/grafana/dashboards"], Path.GetFileName(home))));
    }

    private static Dictionary<string, string> Environment(YamlNode service) =>
        service.Entries("environment").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? string.Empty, StringComparer.Ordinal);
}
