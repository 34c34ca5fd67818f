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
using Momentary.Pipeline.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Momentary.Host.Commands;

/// <summary>
/// <c>momentary run</c>: the long-running processor against a real Kafka and Redis, configured from
/// appsettings.json and environment variables (<c>Momentary__Kafka__BootstrapServers</c>, ...). Serves
/// <c>/alive</c> (liveness), <c>/health</c> (readiness: engine and store) and <c>/metrics</c> (Prometheus);
/// exports OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Stops cleanly on Ctrl-C/SIGTERM.
/// </summary>
public static class RunCommand
{
    // Readiness and liveness answer 200 only when healthy, with a JSON body naming every check.
    private static HealthCheckOptions Checks(string tag) => new()
    {
        Predicate = c => c.Tags.Contains(tag),
        ResponseWriter = HealthResponse.WriteAsync,
        ResultStatusCodes = { [HealthStatus.Healthy] = StatusCodes.Status200OK, [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable, [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
    };

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
        builder.Services.AddHealthChecks()
            .AddCheck<EngineHealthCheck>("engine", tags: ["ready"])
            .AddCheck<KafkaHealthCheck>("kafka", tags: ["ready"])
            .AddCheck<ContextStoreHealthCheck>("context-store", tags: ["ready"])
            .AddCheck<LivenessHealthCheck>("poll-loop", tags: ["live"]);

        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(PipelineTelemetry.Name, "Momentary.Kafka", "Momentary.Redis").AddRuntimeInstrumentation().AddPrometheusExporter())
            .WithTracing(t => t.AddSource(PipelineTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        var app = builder.Build();
        app.MapHealthChecks("/alive", Checks("live"));
        app.MapHealthChecks("/health", Checks("ready"));
        app.MapPrometheusScrapingEndpoint("/metrics");
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
