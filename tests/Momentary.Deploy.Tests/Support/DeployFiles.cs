using YamlDotNet.RepresentationModel;

namespace Momentary.Deploy.Tests.Support;

/// <summary>The files under deploy/ the tests read.</summary>
internal static class DeployFiles
{
    public const string Compose = "deploy/compose/compose.yaml";
    public const string Dockerfile = "deploy/Dockerfile";
    public const string Dashboard = "deploy/compose/grafana/dashboards/momentary.json";
    public const string Prometheus = "deploy/compose/prometheus.yml";

    public static IReadOnlyList<string> KubernetesFiles { get; } =
        [.. Directory.GetFiles(Testing.RepoFiles.Path("deploy", "kubernetes"), "*.yaml").Select(f => "deploy/kubernetes/" + Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>Every Kubernetes object in deploy/kubernetes, with the file it is in.</summary>
    public static IEnumerable<(string File, YamlMappingNode Object)> KubernetesObjects() =>
        KubernetesFiles.SelectMany(f => Yaml.Documents(f).Select(d => (f, d)));

    /// <summary>The compose services: name and definition.</summary>
    public static IReadOnlyDictionary<string, YamlMappingNode> ComposeServices() =>
        Yaml.Documents(Compose).Single().Entries("services").ToDictionary(e => e.Key, e => (YamlMappingNode)e.Value, StringComparer.Ordinal);

    /// <summary>The services that run the engine (image built from deploy/Dockerfile's momentary target, command run).</summary>
    public static IEnumerable<(string Name, YamlMappingNode Service)> EngineServices() =>
        ComposeServices().Where(s => s.Value.Text("build", "target") == "momentary").Select(s => (s.Key, s.Value));

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    public static IReadOnlyList<string> DockerfileInstructions()
    {
        var text = File.ReadAllText(Testing.RepoFiles.Path("deploy", "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        return [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }
}
