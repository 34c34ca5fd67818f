using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
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
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddOptions<MomentaryOptions>().BindConfiguration(MomentaryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EngineState>();
        builder.Services.AddMomentaryContextStore();
        builder.Services.AddHostedService<EngineService>();
        builder.Services.AddHealthChecks()
            .AddCheck<EngineHealthCheck>("engine", tags: ["ready"])
            .AddCheck<ContextStoreHealthCheck>("context-store", tags: ["ready"]);

        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(PipelineTelemetry.Name, "Momentary.Kafka", "Momentary.Redis").AddRuntimeInstrumentation().AddPrometheusExporter())
            .WithTracing(t => t.AddSource(PipelineTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        var app = builder.Build();
        app.MapGet("/alive", () => Results.Ok("alive"));
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResultStatusCodes = { [HealthStatus.Healthy] = StatusCodes.Status200OK, [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable, [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.RunAsync(ct).ConfigureAwait(false);
        return Environment.ExitCode;
    }
}
