using System.Diagnostics;
using Confluent.Kafka;
using Momentary.Chaos.Worlds;

namespace Momentary.Chaos.Input;

/// <summary>
/// Produces the input into one world (idempotent producer, acks=all), all at once or at a steady rate, and
/// remembers where Kafka put each record: the dead-letter check maps a dead letter's source coordinates back to
/// the record, and the end offsets it knows are the end of the input for lag and progress.
/// </summary>
internal sealed class InputFeeder : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly TopicSet _topics;
    private readonly Dictionary<TopicPartition, long> _end = [];
    private readonly Dictionary<TopicPartitionOffset, int> _indexByCoordinates = [];
    private readonly Lock _lock = new();
    private long _acknowledged;
    private long _failed;
    private string? _firstError;

    public InputFeeder(string bootstrap, TopicSet topics)
    {
        _topics = topics;
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            LingerMs = 5,
            QueueBufferingMaxMessages = 2_000_000,
            MessageMaxBytes = 4_000_000,
        }).SetLogHandler((_, _) => { }).Build();
    }

    /// <summary>Records Kafka acknowledged.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Failed => Interlocked.Read(ref _failed);

    public string? FirstError => _firstError;

    /// <summary>Produces <paramref name="records"/> in order, at <paramref name="perSecond"/> (null: as fast as the producer takes them), then waits for every acknowledgement.</summary>
    public async Task ProduceAsync(IReadOnlyList<InputRecord> records, double? perSecond, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < records.Count; i++)
        {
            if (perSecond is { } rate)
            {
                var ahead = (i / rate) - clock.Elapsed.TotalSeconds;
                if (ahead > 0.005)
                {
                    await Task.Delay(TimeSpan.FromSeconds(ahead), ct);
                }
            }

            Produce(records[i]);
        }

        await Task.Run(() => _producer.Flush(ct), ct);
        if (Failed > 0)
        {
            throw new InvalidOperationException($"{Failed} input record(s) were not acknowledged; first error: {FirstError}");
        }
    }

    /// <summary>Where Kafka put every acknowledged record so far.</summary>
    public InputPlacement Placement()
    {
        lock (_lock)
        {
            return new InputPlacement(new Dictionary<TopicPartitionOffset, int>(_indexByCoordinates));
        }
    }

    /// <summary>End offset (one past the last acknowledged record) of each of <paramref name="partitions"/>; 0 where nothing was produced.</summary>
    public IReadOnlyDictionary<TopicPartition, long> EndOffsets(IEnumerable<TopicPartition> partitions)
    {
        lock (_lock)
        {
            return partitions.ToDictionary(p => p, p => _end.GetValueOrDefault(p, 0));
        }
    }

    public void Dispose() => _producer.Dispose();

    private void Produce(InputRecord record)
    {
        var message = new Message<byte[], byte[]> { Key = record.Key!, Value = record.Value, Timestamp = new Timestamp(record.Timestamp) };
        var index = record.Index;
        while (true)
        {
            try
            {
                _producer.Produce(_topics.NameOf(record.Topic), message, report => OnDelivery(index, report));
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private void OnDelivery(int index, DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.CompareExchange(ref _firstError, $"{report.Error.Code}: {report.Error.Reason}", null);
            return;
        }

        var at = report.TopicPartitionOffset;
        lock (_lock)
        {
            _indexByCoordinates[at] = index;
            var next = at.Offset.Value + 1;
            if (next > _end.GetValueOrDefault(at.TopicPartition, 0))
            {
                _end[at.TopicPartition] = next;
            }
        }

        Interlocked.Increment(ref _acknowledged);
    }
}
