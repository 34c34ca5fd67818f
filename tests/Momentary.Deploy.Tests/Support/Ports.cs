using System.Text.Json;
using Momentary.Testing;

namespace Momentary.Deploy.Tests.Support;

/// <summary>The engine's HTTP surface as the code defines it (appsettings.json's <c>Urls</c>; RunCommand's routes).</summary>
internal static class Ports
{
    /// <summary>The port of <c>Urls</c> in src/Momentary.Host/appsettings.json.</summary>
    public static int Engine { get; } = new Uri(JsonDocument.Parse(File.ReadAllText(RepoFiles.Path("src", "Momentary.Host", "appsettings.json"))).RootElement.GetProperty("Urls").GetString()!.Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;

    public const string AlivePath = "/alive";
    public const string HealthPath = "/health";
    public const string MetricsPath = "/metrics";
}
