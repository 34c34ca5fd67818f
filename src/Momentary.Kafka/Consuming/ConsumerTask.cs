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
    private readonly List<ChunkLoan> _loans = []; // Take's scratch, under the gate
    private readonly long _maxIdleTicks;
    private Action? _waiter; // the sub-stream's wake-up, while it waits for something to take
    private long _idleSince; // Stopwatch ticks since the merge first waited for a lagging lane; 0 when not waiting
    private long _inFlight;
    private volatile TaskOwnership _status = TaskOwnership.Active;

    public ConsumerTask(TaskConsumer owner, int id, TopicPartition[] partitions, Task<long> epoch, TimeSpan maxIdle)
    {
        Owner = owner;
        Id = id;
        _lanes = [.. partitions.Select(p => new TaskLane(p, owner.GroupId, owner.ChunkPool, owner.LendsValues))];
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

    /// <summary>
    /// Adds a record the poll thread read (in offset order), copying its key, value and headers out of librdkafka's
    /// buffer; returns the lane's size, or -1 for a duplicate or a task no longer active.
    /// </summary>
    public int Add(int lane, PolledRecord record)
    {
        Action? wake;
        int count;
        lock (_gate)
        {
            var l = _lanes[lane];
            if (_status != TaskOwnership.Active || record.Offset <= l.LastOffset)
            {
                return -1;
            }

            l.LastOffset = record.Offset;
            l.CaughtUp = false;
            l.Records.Add(record.Offset, record.TimestampMs, record.Key, record.KeyIsNull, record.Value, record.Headers());
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
        InboundRecord[] taken;
        TopicPartitionOffset[] highest;
        ChunkLoan[]? loans;
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

            (taken, highest, loans) = Take(max, epoch, enforced);
            Interlocked.Add(ref _inFlight, taken.Length);
        }

        Owner.Emitted(taken.Length);
        return new CommittableBatch(taken, new CommittableOffset(this, highest, taken.Length, loans));
    }

    // Up to max records in merge order, the offset of the last one taken from each lane (a task has one lane per
    // topic, so one TopicPartitionOffset per lane, not per record), and, when values are lent, the chunks they point
    // into (a run per chunk: a lane's records are consecutive in its chunks). Under the gate.
    private (InboundRecord[] Taken, TopicPartitionOffset[] Highest, ChunkLoan[]? Loans) Take(int max, long epoch, bool enforced)
    {
        _loans.Clear();
        var available = 0;
        foreach (var lane in _lanes)
        {
            available += lane.Records.Count;
        }

        var taken = new InboundRecord[Math.Min(max, available)];
        Span<long> last = _lanes.Length <= 16 ? stackalloc long[_lanes.Length] : new long[_lanes.Length];
        last.Fill(-1);
        var count = 0;
        while (count < taken.Length && Next() is { } index)
        {
            var lane = _lanes[index];
            taken[count] = lane.Records.Take(lane.Partition.Topic, lane.Partition.Partition.Value, epoch, out var loan);
            if (loan is not null)
            {
                if (_loans.Count > 0 && ReferenceEquals(_loans[^1].Chunk, loan))
                {
                    _loans[^1] = _loans[^1] with { Records = _loans[^1].Records + 1 };
                }
                else
                {
                    _loans.Add(new ChunkLoan(loan, 1));
                }
            }

            last[index] = taken[count++].Offset;
            if (!enforced && lane.Records.Count == 0 && !lane.CaughtUp)
            {
                break; // the lane's next record, not read yet, may be older than any other lane's head
            }
        }

        var positions = 0;
        foreach (var offset in last)
        {
            positions += offset >= 0 ? 1 : 0;
        }

        var highest = new TopicPartitionOffset[positions];
        for (int i = 0, p = 0; i < _lanes.Length; i++)
        {
            if (last[i] >= 0)
            {
                highest[p++] = new TopicPartitionOffset(_lanes[i].Partition, last[i]);
            }
        }

        return (count == taken.Length ? taken : taken[..count], highest, _loans.Count == 0 ? null : [.. _loans]);
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

    // The index of the non-empty lane whose head has the earliest timestamp (ties: the lane listed first, i.e. topic order).
    private int? Next()
    {
        int? best = null;
        long bestTs = 0;
        for (var i = 0; i < _lanes.Length; i++)
        {
            var records = _lanes[i].Records;
            if (records.Count == 0)
            {
                continue;
            }

            var ts = records.HeadTimestampMs;
            if (best is null || ts < bestTs)
            {
                (best, bestTs) = (i, ts);
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
