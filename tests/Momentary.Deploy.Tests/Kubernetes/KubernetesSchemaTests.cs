using Momentary.Deploy.Tests.Support;
using Momentary.Testing;
using Momentary.Testing.Node;
using Momentary.Testing.Traits;
using Xunit.Abstractions;

namespace Momentary.Deploy.Tests.Kubernetes;

/// <summary>
/// Every object in deploy/kubernetes passes the schema of its apiVersion and kind: the Kubernetes OpenAPI schemas
/// (npm kubernetes-models) and KEDA's CRD schemas (npm @kubernetes-models/keda), run by deploy/kubernetes/validate.
/// </summary>
[Trait(Needs.Trait, Needs.Node)]
public sealed class KubernetesSchemaTests(ITestOutputHelper output)
{
    private static readonly string Validator = RepoFiles.Path("deploy", "kubernetes", "validate");

    [NodeFact]
    public void Manifests_EveryObject_PassesItsKubernetesOrKedaSchema()
    {
        var (exit, text) = NodePackages.Check(Validator);

        output.WriteLine(text);
        Assert.True(exit == 0, text);
        var objects = DeployFiles.KubernetesObjects().Count();
        Assert.Contains($"{objects} of {objects} Kubernetes objects in {DeployFiles.KubernetesFiles.Count} files valid", text, StringComparison.Ordinal);
    }

    [NodeFact]
    public void Validator_ObjectsThatBreakTheirSchemaOrHaveNoSchema_Fail()
    {
        var (exit, text) = NodePackages.CheckText(Validator, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: typed-wrong }
            spec:
              replicas: "2"
              selector: { matchLabels: { app: x } }
              template: { spec: { containers: [{ name: x, ports: [{ containerPort: http }] }] } }
            ---
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: { name: no-target }
            spec: { triggers: [{ type: kafka, metadata: { topic: t } }] }
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: { name: unknown-kind }
            """);

        output.WriteLine(text);
        Assert.Equal(1, exit);
        Assert.Contains("/spec/replicas must be integer", text, StringComparison.Ordinal);
        Assert.Contains("containerPort must be integer", text, StringComparison.Ordinal);
        Assert.Contains("/spec must have required property scaleTargetRef", text, StringComparison.Ordinal);
        Assert.Contains("Widget unknown-kind): no schema for this apiVersion/kind", text, StringComparison.Ordinal);
        Assert.Contains("0 of 3 Kubernetes objects", text, StringComparison.Ordinal);
    }
}
