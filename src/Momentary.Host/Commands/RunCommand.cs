using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Momentary.Host.Configuration;
using Momentary.Host.Engine;
using Momentary.Host.Health;
using Momentary.Host.Hosting;
using Momentary.Host.Marketers;
using Momentary.Pipeline.Telemetry;
using OpenTelemetry;
using Momentary.Host.Telemetry;
using Momentary.Kafka.Telemetry;
using Momentary.Redis.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Momentary.Host.Commands;

/// <summary>
/// <c>momentary run</c>: the long-running processor against a real Kafka and Redis, configured from
/// appsettings.json and environment variables (<c>Momentary__Kafka__BootstrapServers</c>, ...). Serves
/// <c>/alive</c> (liveness), <c>/health</c> (readiness: engine and store) and <c>/metrics</c> (Prometheus);
/// exports OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Stops cleanly on Ctrl-C/SIGTERM.
/// </summary>
internal static class RunCommand
{
    // Readiness and liveness answer 200 only when healthy, with a JSON body naming every check.
    private static HealthCheckOptions Checks(string tag) => new()
    {
        Predicate = c => c.Tags.Contains(tag),
        ResponseWriter = HealthResponse.WriteAsync,
        ResultStatusCodes = { [HealthStatus.Healthy] = StatusCodes.Status200OK, [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable, [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
    };

    /// <summary>Every Meter the engine creates, one per assembly.</summary>
    public static readonly string[] Meters = [PipelineTelemetry.Name, KafkaTelemetry.Name, RedisTelemetry.Name, HostTelemetry.Name];

    /// <summary>Every ActivitySource the engine creates: the signal's process span and its children, and the producer's send span.</summary>
    public static readonly string[] ActivitySources = [PipelineTelemetry.Name, KafkaTelemetry.Name];

    /// <summary>The <c>service.version</c> resource attribute: the host assembly's informational version.</summary>
    public static string ServiceVersion { get; } =
        typeof(RunCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Runs until stopped; returns the process exit code (docs/operations.md, "Exit codes").</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        // Configuration is checked whole before anything is built or connected: one line per problem, exit 2.
        var failures = new MomentaryOptionsValidator().Validate(null, builder.Configuration.GetSection(MomentaryOptions.Section).Get<MomentaryOptions>() ?? new MomentaryOptions());
        if (failures.Failed)
        {
            foreach (var failure in failures.Failures ?? [])
            {
                await Console.Error.WriteLineAsync($"momentary run: invalid configuration: {failure}").ConfigureAwait(false);
            }

            return ExitCodes.InvalidConfiguration;
        }

        // Diagnostics go to stderr, whatever their level (stdout is for data); the format comes from configuration
        // (Logging__Console__FormatterName=json for JSON lines).
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        // (The slim builder's simple console would otherwise pin the formatter, whatever the configuration says.)
        var formatter = builder.Configuration["Logging:Console:FormatterName"] ?? ConsoleFormatterNames.Simple;
        builder.Logging.AddConsole(o =>
        {
            o.LogToStandardErrorThreshold = LogLevel.Trace;
            o.FormatterName = formatter;
        });
        builder.Services.AddOptions<MomentaryOptions>().BindConfiguration(MomentaryOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MomentaryOptions>, MomentaryOptionsValidator>();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EngineState>();
        builder.Services.AddMomentaryContextStore();
        builder.Services.AddHostedService<EngineService>();
        builder.Services.AddMarketersPage(builder.Configuration);
        builder.Services.AddWhyNotSource(builder.Configuration);
        builder.Services.AddHealthChecks()
            .AddCheck<EngineHealthCheck>("engine", tags: ["ready"])
            .AddCheck<KafkaHealthCheck>("kafka", tags: ["ready"])
            .AddCheck<ContextStoreHealthCheck>("context-store", tags: ["ready"])
            .AddCheck<LivenessHealthCheck>("poll-loop", tags: ["live"]);

        // The service names itself (OTEL_SERVICE_NAME overrides "momentary"); the instance id is the host name, which is
        // the pod name on Kubernetes. Every Meter and ActivitySource of the engine is registered here (docs/operations.md).
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "momentary",
                serviceVersion: ServiceVersion,
                autoGenerateServiceInstanceId: false,
                serviceInstanceId: Environment.MachineName))
            .WithMetrics(m => m.AddMeter(Meters).AddRuntimeInstrumentation().AddPrometheusExporter())
            .WithTracing(t => t.AddSource(ActivitySources));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        var app = builder.Build();
        app.MapHealthChecks("/alive", Checks("live"));
        app.MapHealthChecks("/health", Checks("ready"));
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapMarketersPage();
        try
        {
            await app.RunAsync(ct).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            // One line per problem, each naming the setting to fix; no stack trace.
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"momentary run: invalid configuration: {failure}").ConfigureAwait(false);
            }

            return ExitCodes.InvalidConfiguration;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"momentary run: cannot listen on {app.Configuration["Urls"]} (Urls): {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }

        return Environment.ExitCode;
    }
}
