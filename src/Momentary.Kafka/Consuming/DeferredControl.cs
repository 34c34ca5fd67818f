namespace Momentary.Kafka.Consuming;

/// <summary>The control of a lazily started consumer: usable before the consumer exists (draining before start just waits for it).</summary>
internal sealed class DeferredControl(Task<IDrainingControl> inner) : IDrainingControl
{
    public ConsumerHealth Health => inner.IsCompletedSuccessfully ? inner.Result.Health : ConsumerHealth.NotStarted;

    public Task Closed => inner.IsCompletedSuccessfully ? inner.Result.Closed : inner.ContinueWith(t => t.Result.Closed, TaskScheduler.Default).Unwrap();

    public async Task DrainAndShutdownAsync(CancellationToken cancellationToken)
    {
        var control = await inner.WaitAsync(cancellationToken).ConfigureAwait(false);
        await control.DrainAndShutdownAsync(cancellationToken).ConfigureAwait(false);
    }
}
