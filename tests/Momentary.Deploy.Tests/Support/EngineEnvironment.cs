using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Momentary.Host.Configuration;

namespace Momentary.Deploy.Tests.Support;

/// <summary>
/// Binds environment variables the way <c>momentary run</c> does (<c>Momentary__Kafka__BootstrapServers</c> is
/// <c>Momentary:Kafka:BootstrapServers</c>) into <see cref="MomentaryOptions"/>, refusing names no option property has
/// and values its validation rejects.
/// </summary>
internal static class EngineEnvironment
{
    /// <summary>Variables the engine's other readers take: the OpenTelemetry SDK, the .NET runtime, and Kubernetes' $(VAR) helpers.</summary>
    public static readonly IReadOnlySet<string> OtherReaders = new HashSet<string>(StringComparer.Ordinal)
    {
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "DOTNET_gcServer", "POD_NAME", "POD_NAMESPACE",
    };

    /// <summary>The problems with <paramref name="variables"/>: unknown names, unbindable or invalid values; empty when none.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<(string Name, string Value)> variables)
    {
        var problems = new List<string>();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
        {
            if (name.StartsWith(MomentaryOptions.Section + "__", StringComparison.Ordinal))
            {
                settings[name.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
            else if (!OtherReaders.Contains(name))
            {
                problems.Add($"{name}: read by nothing the engine runs");
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        try
        {
            var options = configuration.GetSection(MomentaryOptions.Section).Get<MomentaryOptions>(b => b.ErrorOnUnknownConfiguration = true) ?? new MomentaryOptions();
            var topics = configuration.GetSection("Momentary:Kafka:SignalTopics").GetChildren().Count();
            if (topics > 0 && options.Kafka.SignalTopics.Length != topics)
            {
                // The binder extends an array that has a default value: the engine would read the defaults and these.
                problems.Add($"Momentary__Kafka__SignalTopics__N: {topics} topic(s) configured, {options.Kafka.SignalTopics.Length} bound (appended to the defaults)");
            }

            foreach (var part in new object[] { options, options.Kafka, options.Redis })
            {
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateObject(part, new ValidationContext(part), results, validateAllProperties: true))
                {
                    problems.AddRange(results.Select(r => r.ErrorMessage ?? "invalid"));
                }
            }
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(ex.Message); // an unknown property or a value of the wrong type
        }

        return problems;
    }
}
