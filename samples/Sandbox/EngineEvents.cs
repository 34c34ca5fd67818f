using System.Diagnostics.Metrics;
using Momentary.Pipeline.Telemetry;

namespace Momentary.Samples.Sandbox;

/// <summary>Prints the engine's offers and redemptions as its metrics count them (a MeterListener on Momentary.Pipeline).</summary>
public sealed class EngineEvents : IDisposable
{
    private readonly MeterListener _listener = new();

    public EngineEvents(TextWriter output)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PipelineTelemetry.Name && instrument.Name is "momentary.pipeline.offers" or "momentary.pipeline.redemptions" or "momentary.pipeline.dead_letters")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            var tag = tags.Length > 0 ? $"{tags[0].Key} {tags[0].Value}" : string.Empty;
            output.WriteLine(instrument.Name switch
            {
                "momentary.pipeline.offers" => $"ENGINE    offer issued, {tag}",
                "momentary.pipeline.redemptions" => $"ENGINE    redemption counted, {tag}",
                _ => $"ENGINE    dead letter, {tag}",
            });
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();
}
