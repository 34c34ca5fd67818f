using System.Threading.Channels;
using Akka;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Core.Messaging;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// Owns one Confluent consumer and its poll loop on a dedicated thread (never an actor-system dispatcher thread).
/// Each assigned partition gets a bounded lane whose reader becomes that partition's sub-source; when a lane is
/// full the partition is paused (back-pressure without unbounded buffering) and resumed when it drains. Revoked
/// partitions' lanes are completed: their buffered records still flow, but their offsets can no longer be
/// stored, so the new owner reprocesses anything unfinished (at-least-once). Offsets are stored only by the
/// committer, after an element's work is done, and committed in the background, on revoke and on close.
/// </summary>
internal sealed class PartitionedConsumer : IDrainingControl
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(20);

    // While a partition is paused the loop must notice quickly that its lane has room again.
    private static readonly TimeSpan PausedPollTimeout = TimeSpan.FromMilliseconds(1);

    private readonly KafkaConsumerSettings _settings;
    private readonly IReadOnlyCollection<string> _topics;
    private readonly Channel<(TopicPartition, Source<CommittableBatch, NotUsed>)> _partitions = Channel.CreateUnbounded<(TopicPartition, Source<CommittableBatch, NotUsed>)>();
    private readonly Dictionary<TopicPartition, PartitionLane> _lanes = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private IConsumer<byte[]?, byte[]>? _consumer;
    private long _inFlight;
    private volatile bool _draining;
    private volatile bool _stop;

    private readonly int _maxBatch;

    public PartitionedConsumer(KafkaConsumerSettings settings, IReadOnlyCollection<string> topics, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _settings = settings;
        _topics = topics;
        _maxBatch = maxBatch;
        _thread = new Thread(PollLoop) { IsBackground = true, Name = "momentary-kafka-poll" };
    }

    /// <summary>Sub-sources, one per assigned partition, as assignments happen.</summary>
    public ChannelReader<(TopicPartition, Source<CommittableBatch, NotUsed>)> Partitions => _partitions.Reader;

    public Task Closed => _closed.Task;

    /// <summary>Records emitted whose offsets have not come back through the committer.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public void Start() => _thread.Start();

    /// <summary>The group metadata transactions need to commit offsets on behalf of this consumer (exactly-once mode).</summary>
    public IConsumerGroupMetadata GroupMetadata => _consumer?.ConsumerGroupMetadata ?? throw new InvalidOperationException("the consumer has not started");

    /// <summary>Called by the transactional sink once a transaction carrying these records' offsets committed.</summary>
    public void CompletedInTransaction(int count) => Interlocked.Add(ref _inFlight, -count);

    /// <summary>Called by the committer with the highest completed offset of a partition and how many records it completes.</summary>
    public void Complete(TopicPartitionOffset highest, int count)
    {
        try
        {
            _consumer?.StoreOffset(new TopicPartitionOffset(highest.TopicPartition, highest.Offset + 1));
        }
        catch (KafkaException)
        {
            // The partition was revoked meanwhile: its new owner resumes from the last committed offset and
            // reprocesses this work (same offer ids), which is what at-least-once promises.
        }

        Interlocked.Add(ref _inFlight, -count);
    }

    public async Task DrainAndShutdownAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        try
        {
            while (InFlight > 0 && !_closed.Task.IsCompleted)
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _stop = true;
        }

        await _closed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void PollLoop()
    {
        try
        {
            var builder = _settings.ConsumerFactory?.Invoke(_settings.ToConfig()) ?? new ConsumerBuilder<byte[]?, byte[]>(_settings.ToConfig());
            using var consumer = builder
                .SetPartitionsAssignedHandler((_, assigned) => OnAssigned(assigned))
                .SetPartitionsRevokedHandler((c, revoked) => OnRevoked(c, revoked.Select(p => p.TopicPartition)))
                .SetPartitionsLostHandler((c, lost) => OnRevoked(c, lost.Select(p => p.TopicPartition)))
                .SetLogHandler((_, _) => { })
                .Build();
            _consumer = consumer;
            consumer.Subscribe(_topics);
            var drainingStarted = false;
            while (!_stop)
            {
                if (_draining && !drainingStarted)
                {
                    drainingStarted = true;
                    StopFetching(consumer);
                }

                var anyPaused = !drainingStarted && ReleaseHeld(consumer);
                var result = consumer.Consume(anyPaused ? PausedPollTimeout : PollTimeout);
                if (result?.Message is null || drainingStarted)
                {
                    continue; // while draining, keep polling only to keep the membership alive
                }

                Route(consumer, result);
            }

            try
            {
                consumer.Commit(); // the stored offsets of finished work
            }
            catch (KafkaException)
            {
                // Nothing stored, or a rebalance moved the group on (stale generation): whatever was not
                // committed is reprocessed by the next owner, as at-least-once allows.
            }

            consumer.Close(); // leave the group now rather than after the session timeout
            CompleteAll();
            _closed.TrySetResult();
        }
        catch (Exception ex)
        {
            CompleteAll(ex);
            _closed.TrySetException(ex);
        }
    }

    private void OnAssigned(List<TopicPartition> assigned)
    {
        foreach (var tp in assigned)
        {
            var lane = new PartitionLane(tp, _settings.PartitionBufferSize);
            _lanes[tp] = lane;
            _partitions.Writer.TryWrite((tp, Source.FromGraph(new LaneSource(this, tp, lane.Channel.Reader, _maxBatch))));
        }

        _settings.AssignmentChanged?.Invoke();
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]> consumer, IEnumerable<TopicPartition> revoked)
    {
        foreach (var tp in revoked)
        {
            if (_lanes.Remove(tp, out var lane))
            {
                Interlocked.Add(ref _inFlight, -lane.Held.Count);
                lane.Held.Clear();
                lane.Channel.Writer.TryComplete();
            }
        }

        _settings.AssignmentChanged?.Invoke();

        try
        {
            consumer.Commit(); // hand the finished work of revoked partitions to their next owner
        }
        catch (KafkaException)
        {
            // Nothing stored, or the group moved on: the next owner reprocesses from the last commit.
        }
    }

    private void Route(IConsumer<byte[]?, byte[]> consumer, ConsumeResult<byte[]?, byte[]> result)
    {
        if (!_lanes.TryGetValue(result.TopicPartition, out var lane) || result.Offset.Value <= lane.LastOffset)
        {
            return;
        }

        lane.LastOffset = result.Offset.Value;
        var message = result.Message;
        var key = message.Key is null ? null : System.Text.Encoding.UTF8.GetString(message.Key);
        var record = new InboundRecord(result.Topic, result.Partition.Value, result.Offset.Value, key, message.Value, message.Timestamp.UtcDateTime);
        Interlocked.Increment(ref _inFlight);
        if (lane.Held.Count == 0 && lane.Channel.Writer.TryWrite(record))
        {
            return;
        }

        lane.Held.Enqueue(record);

        // Pausing discards librdkafka's prefetched records for the partition (they are fetched again on resume),
        // so hold an overflow of up to four lanes' worth first and pause only when that is full too.
        if (!lane.Paused && lane.Held.Count >= 4 * _settings.PartitionBufferSize)
        {
            consumer.Pause([lane.Partition]);
            lane.Paused = true;
        }
    }

    /// <summary>Moves held records into lanes with room; resumes a partition once its lane is half empty. Returns whether any partition is still paused.</summary>
    private bool ReleaseHeld(IConsumer<byte[]?, byte[]> consumer)
    {
        var anyPaused = false;
        foreach (var lane in _lanes.Values)
        {
            if (lane.Held.Count == 0 && !lane.Paused)
            {
                continue;
            }

            while (lane.Held.Count > 0 && lane.Channel.Writer.TryWrite(lane.Held.Peek()))
            {
                lane.Held.Dequeue();
            }

            // Hysteresis: each resume costs a fetch round trip, so resume only once half the lane is free,
            // not as soon as one slot is, or a saturated partition would pause and resume on every record.
            if (!lane.Paused)
            {
                anyPaused |= lane.Held.Count > 0;
            }
            else if (lane.Held.Count == 0 && lane.Channel.Reader.Count <= _settings.PartitionBufferSize / 2)
            {
                consumer.Resume([lane.Partition]);
                lane.Paused = false;
            }
            else
            {
                anyPaused = true;
            }
        }

        return anyPaused;
    }

    private void StopFetching(IConsumer<byte[]?, byte[]> consumer)
    {
        consumer.Pause(consumer.Assignment);
        foreach (var lane in _lanes.Values)
        {
            Interlocked.Add(ref _inFlight, -lane.Held.Count);
            lane.Held.Clear();
            lane.Channel.Writer.TryComplete();
        }

        _partitions.Writer.TryComplete();
    }

    private void CompleteAll(Exception? error = null)
    {
        foreach (var lane in _lanes.Values)
        {
            lane.Channel.Writer.TryComplete(error);
        }

        _lanes.Clear();
        _partitions.Writer.TryComplete(error);
    }
}
