using Confluent.Kafka;

namespace Momentary.Kafka.Producing;

/// <summary>Completes when every record of one envelope is acknowledged; faults on the first failed delivery.</summary>
internal sealed class EnvelopeCompletion<TPass>(TPass pass, int records)
{
    private readonly TaskCompletionSource<TPass> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending = records;

    public Task<TPass> Task => _done.Task;

    public void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.Code != ErrorCode.NoError)
        {
            // Retriable errors were already retried by librdkafka up to the delivery timeout: this is final.
            Fail(new ProduceException<byte[]?, byte[]>(report.Error, report));
            return;
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _done.TrySetResult(pass);
        }
    }

    public void Fail(Exception error) => _done.TrySetException(error);
}
