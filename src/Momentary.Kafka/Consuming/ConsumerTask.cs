using System.Diagnostics;
using Confluent.Kafka;
using Momentary.Core.Messaging;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// A task, as in Kafka Streams: partition N of every co-partitioned input topic, owned by one consumer for as long as
/// the group assigns it there, under one ownership epoch. The poll thread adds the records it reads to the task's
/// lanes; the task's sub-stream takes them merged in record-timestamp order (ties: topic order, then offset), so one
/// customer's signals are processed one at a time whatever topic they came on. While a lane is empty but its
/// partition may hold more (librdkafka has not reported its end), the merge waits for it, up to
/// <see cref="KafkaConsumerSettings.MaxTaskIdle"/>, so a backlog is replayed in the same order every time.
/// </summary>
internal sealed class ConsumerTask
{
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _drained = new();
    private readonly TaskLane[] _lanes;
    private readonly long _maxIdleTicks;
    private List<ConsumeResult<string?, byte[]>>? _spare; // the list the last take used, emptied
    private Action? _waiter; // the sub-stream's wake-up, while it waits for something to take
    private long _idleSince; // Stopwatch ticks since the merge first waited for a lagging lane; 0 when not waiting
    private long _inFlight;
    private volatile TaskOwnership _status = TaskOwnership.Active;

    public ConsumerTask(TaskConsumer owner, int id, TopicPartition[] partitions, Task<long> epoch, TimeSpan maxIdle)
    {
        Owner = owner;
        Id = id;
        _lanes = [.. partitions.Select(p => new TaskLane(p, owner.GroupId))];
        Epoch = epoch;
        _maxIdleTicks = (long)(maxIdle.TotalSeconds * Stopwatch.Frequency);
    }

    public TaskConsumer Owner { get; }

    /// <summary>The partition number shared by the task's partitions.</summary>
    public int Id { get; }

    /// <summary>The ownership epoch claimed when the task was assigned; records are stamped with it.</summary>
    public Task<long> Epoch { get; }

    public TaskOwnership Status => _status;

    /// <summary>Records handed to the sub-stream whose offsets have not come back through the committer.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public TaskLane[] Lanes => _lanes; // an array: iterated on every poll, so no boxed enumerator

    /// <summary>Waits until the work handed out before a revocation is done; false if <paramref name="timeout"/> ran out first.</summary>
    public bool WaitDrained(TimeSpan timeout) => _drained.Wait(timeout);

    /// <summary>Adds a record the poll thread read (in offset order); returns the lane's size, or -1 for a duplicate or a task no longer active.</summary>
    public int Add(int lane, ConsumeResult<string?, byte[]> result)
    {
        Action? wake;
        int count;
        lock (_gate)
        {
            var l = _lanes[lane];
            if (_status != TaskOwnership.Active || result.Offset.Value <= l.LastOffset)
            {
                return -1;
            }

            l.LastOffset = result.Offset.Value;
            l.CaughtUp = false;
            l.Records.Enqueue(result);
            count = l.Records.Count;
            wake = TakeWaiter();
        }

        wake?.Invoke();
        return count;
    }

    /// <summary>librdkafka reported the end of the lane's partition: everything the broker held has been added.</summary>
    public void CaughtUp(int lane)
    {
        Action? wake;
        lock (_gate)
        {
            _lanes[lane].CaughtUp = true;
            wake = TakeWaiter();
        }

        wake?.Invoke();
    }

    public int Buffered(TaskLane lane)
    {
        lock (_gate)
        {
            return lane.Records.Count;
        }
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> records in merge order, stamped with <paramref name="epoch"/>. Returns
    /// <c>null</c> when nothing may be taken now: then <paramref name="wake"/> is called once, from whichever thread
    /// notices, when that may have changed (a record or a partition end arrived, the task was revoked), and
    /// <paramref name="retryIn"/>, when positive, says when the wait for a lagging lane runs out. The sub-stream
    /// passes the same callback every time (an Akka async callback, so no task, continuation or thread-pool hop per
    /// wake-up).
    /// </summary>
    public CommittableBatch? TryTake(int max, long epoch, Action wake, out TimeSpan retryIn)
    {
        retryIn = TimeSpan.Zero;
        List<ConsumeResult<string?, byte[]>> taken;
        lock (_gate)
        {
            if (_status != TaskOwnership.Active)
            {
                return null;
            }

            if (!HasData())
            {
                return Wait(wake);
            }

            var enforced = false;
            if (Lagging())
            {
                if (!IdleExpired(out retryIn))
                {
                    return Wait(wake);
                }

                enforced = true; // waited long enough for a lagging lane: go on without it until it has data again
            }
            else
            {
                _idleSince = 0;
            }

            taken = Interlocked.Exchange(ref _spare, null) ?? new List<ConsumeResult<string?, byte[]>>(Math.Min(max, 16));
            while (taken.Count < max && Next() is { } lane)
            {
                taken.Add(lane.Records.Dequeue());
                if (!enforced && lane.Records.Count == 0 && !lane.CaughtUp)
                {
                    break; // the lane's next record, not read yet, may be older than any other lane's head
                }
            }

            Interlocked.Add(ref _inFlight, taken.Count);
        }

        Owner.Emitted(taken.Count);
        var batch = Batch(taken, epoch);
        taken.Clear();
        _spare = taken; // the next take reuses it: one list per task, not one per batch
        return batch;
    }

    /// <summary>Stops handing out records: buffered ones are dropped (the next owner reads them again) and a waiting sub-stream completes.</summary>
    public void Revoke(bool lost)
    {
        Action? wake;
        lock (_gate)
        {
            _status = lost ? TaskOwnership.Gone : TaskOwnership.Revoking;
            foreach (var lane in _lanes)
            {
                lane.Records.Clear();
            }

            wake = TakeWaiter();
        }

        wake?.Invoke();
        SignalIfDrained();
    }

    /// <summary>After the revocation's drain: offsets completed from now on are no longer stored.</summary>
    public void Release() => _status = TaskOwnership.Gone;

    /// <summary>Called by the committer: stores the offsets after <paramref name="positions"/> unless the task is gone, and counts the records done.</summary>
    public void Complete(IReadOnlyList<TopicPartitionOffset> positions, int count)
    {
        if (_status != TaskOwnership.Gone)
        {
            Owner.StoreOffsets(positions);
        }

        Done(count);
    }

    /// <summary>Called by the transactional sink once a transaction carrying these records' offsets committed.</summary>
    public void CompletedInTransaction(int count) => Done(count);

    private void Done(int count)
    {
        Interlocked.Add(ref _inFlight, -count);
        Owner.Completed(count);
        SignalIfDrained();
    }

    private void SignalIfDrained()
    {
        if (_status != TaskOwnership.Active && Interlocked.Read(ref _inFlight) == 0)
        {
            _drained.Set();
        }
    }

    private CommittableBatch Batch(List<ConsumeResult<string?, byte[]>> taken, long epoch)
    {
        var records = new InboundRecord[taken.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var r = taken[i];
            records[i] = new InboundRecord(r.Topic, r.Partition.Value, r.Offset.Value, r.Message.Key, r.Message.Value, r.Message.Timestamp.UtcDateTime) { Epoch = epoch, Headers = HeadersOf(r.Message.Headers) };
        }

        return new CommittableBatch(records, new CommittableOffset(this, Highest(taken), records.Length));
    }

    // Header values are the client's own arrays (not copied); a record without headers costs nothing.
    private static IReadOnlyList<RecordHeader> HeadersOf(Headers? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return [];
        }

        var copy = new RecordHeader[headers.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = new RecordHeader(headers[i].Key, headers[i].GetValueBytes() ?? []);
        }

        return copy;
    }

    // The highest offset per partition, in a small array (a task has one partition per topic). Records of one
    // partition arrive in offset order, so that is its last record's; one TopicPartitionOffset per partition, not per record.
    private static TopicPartitionOffset[] Highest(List<ConsumeResult<string?, byte[]>> taken)
    {
        Span<int> last = taken.Count <= 128 ? stackalloc int[taken.Count] : new int[taken.Count];
        var partitions = 0;
        for (var i = 0; i < taken.Count; i++)
        {
            var seen = false;
            for (var p = 0; p < partitions && !seen; p++)
            {
                var known = taken[last[p]];
                if (known.Partition == taken[i].Partition && string.Equals(known.Topic, taken[i].Topic, StringComparison.Ordinal))
                {
                    (last[p], seen) = (i, true);
                }
            }

            if (!seen)
            {
                last[partitions++] = i;
            }
        }

        var positions = new TopicPartitionOffset[partitions];
        for (var p = 0; p < partitions; p++)
        {
            positions[p] = taken[last[p]].TopicPartitionOffset;
        }

        return positions;
    }

    // The non-empty lane whose head has the earliest timestamp (ties: the lane listed first, i.e. topic order).
    private TaskLane? Next()
    {
        TaskLane? best = null;
        long bestTs = 0;
        foreach (var lane in _lanes)
        {
            if (lane.Records.Count == 0)
            {
                continue;
            }

            var ts = lane.Records.Peek().Message.Timestamp.UnixTimestampMs;
            if (best is null || ts < bestTs)
            {
                (best, bestTs) = (lane, ts);
            }
        }

        return best;
    }

    private bool HasData()
    {
        foreach (var lane in _lanes)
        {
            if (lane.Records.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    // An empty lane whose partition may hold more than has been read.
    private bool Lagging()
    {
        foreach (var lane in _lanes)
        {
            if (lane.Records.Count == 0 && !lane.CaughtUp)
            {
                return true;
            }
        }

        return false;
    }

    private bool IdleExpired(out TimeSpan retryIn)
    {
        var now = Stopwatch.GetTimestamp();
        if (_idleSince == 0)
        {
            _idleSince = now;
        }

        var left = _idleSince + _maxIdleTicks - now;
        retryIn = left > 0 ? TimeSpan.FromSeconds((double)left / Stopwatch.Frequency) : TimeSpan.Zero;
        return left <= 0;
    }

    private CommittableBatch? Wait(Action wake)
    {
        _waiter = wake;
        return null;
    }

    private Action? TakeWaiter()
    {
        var waiter = _waiter;
        _waiter = null;
        return waiter;
    }
}
