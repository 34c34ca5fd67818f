using Confluent.Kafka;
using Momentary.Core.Messaging;
using Momentary.Kafka.Telemetry;

namespace Momentary.Kafka.Producing;

/// <summary>
/// Completes when every record of one envelope is acknowledged; faults on the first failed delivery. Once all are
/// acknowledged, <paramref name="delivered"/> (when given) are reported to telemetry (sent count, end-to-end latency).
/// </summary>
internal sealed class EnvelopeCompletion<TPass>(TPass pass, int records, IReadOnlyList<OutboundRecord>? delivered = null)
{
    private readonly TaskCompletionSource<TPass> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending = records;

    private Action<DeliveryReport<byte[]?, byte[]>>? _handler;

    public Task<TPass> Task => _done.Task;

    /// <summary><see cref="OnDelivery"/> as one delegate for all of the envelope's records (a method group passed per produce would be a new delegate each time).</summary>
    public Action<DeliveryReport<byte[]?, byte[]>> Handler => _handler ??= OnDelivery;

    public void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.Code != ErrorCode.NoError)
        {
            // Retriable errors were already retried by librdkafka up to the delivery timeout: this is final.
            KafkaTelemetry.DeliveryFailed(report);
            Fail(new ProduceException<byte[]?, byte[]>(report.Error, report));
            return;
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            if (delivered is not null)
            {
                KafkaTelemetry.Delivered(delivered);
            }

            _done.TrySetResult(pass);
        }
    }

    public void Fail(Exception error) => _done.TrySetException(error);
}
