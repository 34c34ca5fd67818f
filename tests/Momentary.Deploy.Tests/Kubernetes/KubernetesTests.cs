using Momentary.Core.Messaging;
using Momentary.Deploy.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Momentary.Deploy.Tests.Kubernetes;

/// <summary>deploy/kubernetes as written: restricted pods, probes on the engine's real paths and port, KEDA over every input topic.</summary>
public sealed class KubernetesTests
{
    private static readonly List<(string File, YamlMappingNode Object)> Objects = [.. DeployFiles.KubernetesObjects()];

    private static IEnumerable<(string File, YamlMappingNode Workload)> Workloads =>
        Objects.Where(o => o.Object.Text("kind") is "Deployment" or "StatefulSet");

    [Fact]
    public void Manifests_Parse_IntoADeploymentAndAStatefulSet()
    {
        Assert.All(Objects, o => Assert.False(string.IsNullOrEmpty(o.Object.Text("apiVersion")) || string.IsNullOrEmpty(o.Object.Text("kind")), $"{o.File}: an object without apiVersion/kind"));
        Assert.Equal(["Deployment", "StatefulSet"], Workloads.Select(w => w.Workload.Text("kind")!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Workloads_PodsAndContainers_MeetTheRestrictedPodSecurityStandard()
    {
        foreach (var (file, workload) in Workloads)
        {
            var pod = workload.Map("spec", "template", "spec");
            Assert.True(pod.Text("securityContext", "runAsNonRoot") == "true", $"{file}: pod runAsNonRoot");
            Assert.Equal("RuntimeDefault", pod.Text("securityContext", "seccompProfile", "type"));
            Assert.True(int.Parse(pod.Text("securityContext", "runAsUser")!, System.Globalization.CultureInfo.InvariantCulture) > 0, $"{file}: a numeric non-root uid");
            foreach (var container in pod.Items("containers"))
            {
                var name = $"{file}: {container.Text("name")}";
                Assert.True(container.Text("securityContext", "runAsNonRoot") == "true", $"{name}: runAsNonRoot");
                Assert.True(container.Text("securityContext", "allowPrivilegeEscalation") == "false", $"{name}: allowPrivilegeEscalation");
                Assert.True(container.Text("securityContext", "readOnlyRootFilesystem") == "true", $"{name}: readOnlyRootFilesystem");
                Assert.Contains("ALL", container.Items("securityContext", "capabilities", "drop").Select(c => ((YamlScalarNode)c).Value));
                Assert.Contains(container.Items("volumeMounts"), m => m.Text("mountPath") == "/tmp"); // the only writable path
            }
        }
    }

    [Fact]
    public void Workloads_Probes_UseTheEnginesPathsOnItsPort()
    {
        foreach (var (file, workload) in Workloads)
        {
            var container = workload.Map("spec", "template", "spec").Items("containers").Single();
            var ports = container.Items("ports").ToDictionary(p => p.Text("name")!, p => int.Parse(p.Text("containerPort")!, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
            foreach (var (probe, path) in new[] { ("startupProbe", Ports.AlivePath), ("livenessProbe", Ports.AlivePath), ("readinessProbe", Ports.HealthPath) })
            {
                Assert.True(container.At(probe) is not null, $"{file}: no {probe}");
                Assert.Equal(path, container.Text(probe, "httpGet", "path"));
                var port = container.Text(probe, "httpGet", "port")!;
                Assert.Equal(Ports.Engine, int.TryParse(port, out var number) ? number : ports[port]);
            }

            Assert.Equal(Ports.Engine.ToString(System.Globalization.CultureInfo.InvariantCulture), workload.Text("spec", "template", "metadata", "annotations", "prometheus.io/port"));
            Assert.Equal(Ports.MetricsPath, workload.Text("spec", "template", "metadata", "annotations", "prometheus.io/path"));
        }
    }

    [Fact]
    public void Workloads_Images_AreVersionedNeverLatest()
    {
        foreach (var (file, workload) in Workloads)
        {
            var image = workload.Map("spec", "template", "spec").Items("containers").Single().Text("image")!;
            Assert.True(image.Contains('@', StringComparison.Ordinal) || (image.Split(':') is [_, var tag] && tag != "latest"), $"{file}: {image}");
        }
    }

    [Fact]
    public void Workloads_ReplicaCount_IsLeftToKeda()
    {
        foreach (var (file, workload) in Workloads)
        {
            Assert.True(workload.At("spec", "replicas") is null, $"{file}: a fixed replicas fights the autoscaler");
            var scaler = Objects.Single(o => o.Object.Text("kind") == "ScaledObject" && o.Object.Text("spec", "scaleTargetRef", "name") == workload.Text("metadata", "name")).Object;
            Assert.Equal(workload.Text("kind"), scaler.Text("spec", "scaleTargetRef", "kind"));
        }
    }

    [Fact]
    public void ScaledObjects_Triggers_CoverEverySignalTopicOfTheirGroup()
    {
        foreach (var scaler in Objects.Where(o => o.Object.Text("kind") == "ScaledObject").Select(o => o.Object))
        {
            var workload = Workloads.Single(w => w.Workload.Text("metadata", "name") == scaler.Text("spec", "scaleTargetRef", "name")).Workload;
            var group = Env(workload)["Momentary__Kafka__GroupId"];
            var triggers = scaler.Items("spec", "triggers").ToList();

            Assert.All(triggers, t => Assert.Equal(("kafka", group), (t.Text("type"), t.Text("metadata", "consumerGroup"))));
            Assert.Equal(TopicNames.Signals.Order(StringComparer.Ordinal), triggers.Select(t => t.Text("metadata", "topic")!).Order(StringComparer.Ordinal));
            Assert.All(triggers, t => Assert.NotNull(Objects.SingleOrDefault(o => o.Object.Text("kind") == "TriggerAuthentication" && o.Object.Text("metadata", "name") == t.Text("authenticationRef", "name")).Object));
        }
    }

    [Fact]
    public void Workloads_KafkaSasl_ComesFromASecret()
    {
        foreach (var (file, workload) in Workloads)
        {
            var container = workload.Map("spec", "template", "spec").Items("containers").Single();
            var env = container.Items("env").ToDictionary(e => e.Text("name")!, e => e, StringComparer.Ordinal);
            Assert.Equal("SASL_SSL", env["Momentary__Kafka__Properties__security.protocol"].Text("value"));
            foreach (var secret in new[] { "Momentary__Kafka__Properties__sasl.username", "Momentary__Kafka__Properties__sasl.password" })
            {
                var reference = env[secret].Map("valueFrom", "secretKeyRef");
                Assert.Contains(Objects, o => o.Object.Text("kind") == "Secret" && o.Object.Text("metadata", "name") == reference.Text("name") && o.Object.At("stringData", reference.Text("key")!) is not null);
            }
        }
    }

    [Fact]
    public void StatefulSet_ExactlyOnce_TakesAStableTransactionalIdFromThePodName()
    {
        var statefulSet = Workloads.Single(w => w.Workload.Text("kind") == "StatefulSet").Workload;
        var env = statefulSet.Map("spec", "template", "spec").Items("containers").Single().Items("env").ToDictionary(e => e.Text("name")!, e => e, StringComparer.Ordinal);
        var id = env["Momentary__Kafka__TransactionalId"].Text("value")!;

        Assert.Equal("true", env["Momentary__Kafka__ExactlyOnce"].Text("value"));
        Assert.Contains("$(POD_NAME)", id, StringComparison.Ordinal);
        Assert.Equal("metadata.name", env["POD_NAME"].Text("valueFrom", "fieldRef", "fieldPath"));
        Assert.True(env.Keys.ToList().IndexOf("POD_NAME") < env.Keys.ToList().IndexOf("Momentary__Kafka__TransactionalId"), "$(POD_NAME) expands only when defined before");
    }

    [Fact]
    public void Workloads_Environment_NamesOnlyOptionsTheEngineBinds()
    {
        foreach (var (file, workload) in Workloads)
        {
            Assert.Empty(EngineEnvironment.Problems(Env(workload).Select(e => (e.Key, e.Value))).Select(p => $"{file}: {p}"));
        }
    }

    [Fact]
    public void Workloads_TerminationGrace_ExceedsTheDrainTimeout()
    {
        foreach (var (file, workload) in Workloads)
        {
            var grace = TimeSpan.FromSeconds(int.Parse(workload.Text("spec", "template", "spec", "terminationGracePeriodSeconds")!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(grace > TimeSpan.Parse(Env(workload)["Momentary__DrainTimeout"], System.Globalization.CultureInfo.InvariantCulture), file);
        }
    }

    // Secret and field references stand in as placeholders: names and shapes are what is checked here.
    private static Dictionary<string, string> Env(YamlMappingNode workload) =>
        workload.Map("spec", "template", "spec").Items("containers").Single().Items("env")
            .ToDictionary(e => e.Text("name")!, e => e.Text("value") ?? "from-" + string.Join('.', e.Map("valueFrom").Children.Keys), StringComparer.Ordinal);
}
