using System.Diagnostics.Metrics;

namespace Momentary.Host.Demo;

/// <summary>Counts signals the pipeline finished, by listening to its own metric, so the demo waits on facts, not sleeps.</summary>
internal sealed class DemoSignals : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _processed;

    public DemoSignals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "momentary.pipeline.signals")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _processed, value));
        _listener.Start();
    }

    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Waits until at least <paramref name="count"/> signals were processed; <c>false</c> on timeout.</summary>
    public async Task<bool> WaitForAsync(long count, TimeSpan timeout, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Processed < count)
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(5, ct).ConfigureAwait(false);
        }

        return true;
    }

    public void Dispose() => _listener.Dispose();
}
