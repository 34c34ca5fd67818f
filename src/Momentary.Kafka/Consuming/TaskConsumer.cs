using System.Threading.Channels;
using Akka;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Kafka.Telemetry;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// Owns one Confluent consumer and its poll loop on a dedicated thread (never an actor-system dispatcher thread), and
/// turns its assignment into tasks, as Kafka Streams does: the group assigns with the <c>range</c> strategy, which
/// gives partition N of every subscribed topic to the same member when the topics have equal partition counts, and
/// each partition number becomes one <see cref="ConsumerTask"/> with one sub-source. An assignment that breaks this
/// (a topic whose partition N is missing) fails the consumer: the topics are not co-partitioned.
/// <para>
/// On assignment the consumer claims an ownership epoch for the new tasks (<see cref="KafkaConsumerSettings.ClaimEpoch"/>);
/// their records carry it, so state their processing writes is fenced against earlier owners. When a lane holds
/// too much the partition is paused (back-pressure without unbounded buffering) and resumed once it drains. On
/// revocation a task stops emitting, drops what it buffered and waits (up to
/// <see cref="KafkaConsumerSettings.RevokeDrainTimeout"/>) for the work it handed out, whose offsets are stored and
/// committed before the partitions move; work that finishes later is not committed, and the next owner reprocesses
/// it (at-least-once). Offsets are stored only by the committer, after an element's work is done, and committed in
/// the background, on revocation and on close.
/// </para>
/// </summary>
internal sealed partial class TaskConsumer : IDrainingControl
{
    private const int PollTimeoutMs = 20;

    // While a partition is paused the loop must notice quickly that its lane has room again.
    private const int PausedPollTimeoutMs = 1;

    private readonly KafkaConsumerSettings _settings;
    private readonly string[] _topics;
    private readonly Dictionary<string, int> _topicIndex;
    private readonly int _maxBatch;
    private readonly Channel<(int Task, Source<CommittableBatch, NotUsed> Batches)> _tasksOut = Channel.CreateUnbounded<(int, Source<CommittableBatch, NotUsed>)>();
    private readonly Dictionary<int, ConsumerTask> _tasks = [];
    private int _pausedLanes; // lanes paused for a full buffer, as last counted (poll thread only)
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private readonly byte[][] _topicNames; // UTF-8, as librdkafka names a polled record's topic
    private IConsumer<Ignore, Ignore>? _consumer;
    private Exception? _handlerFault; // thrown by a rebalance handler during a poll; ends the loop on its next turn
    private long _inFlight;
    private long _lastPoll; // Stopwatch timestamp of the last poll; 0 before the loop starts
    private long _unassignedSince = System.Diagnostics.Stopwatch.GetTimestamp(); // 0 while tasks are assigned
    private volatile int _taskCount;
    private volatile bool _brokersDown;
    private volatile string? _lastError;
    private Error? _fatal;
    private volatile bool _draining;
    private volatile bool _stop;

    public TaskConsumer(KafkaConsumerSettings settings, IReadOnlyCollection<string> topics, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _settings = settings;
        _topics = [.. topics];
        _topicIndex = _topics.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        _topicNames = [.. _topics.Select(System.Text.Encoding.UTF8.GetBytes)];
        if (_topicIndex.Count != _topics.Length)
        {
            throw new ArgumentException("a topic is listed twice", nameof(topics));
        }

        _maxBatch = maxBatch;
        _thread = new Thread(PollLoop) { IsBackground = true, Name = "momentary-kafka-poll" };
    }

    /// <summary>Sub-sources, one per assigned task (partition number), as assignments happen.</summary>
    public ChannelReader<(int Task, Source<CommittableBatch, NotUsed> Batches)> Tasks => _tasksOut.Reader;

    public Task Closed => _closed.Task;

    /// <summary>Records emitted whose offsets have not come back through the committer.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public void Start() => _thread.Start();

    /// <summary>The spare lane chunks every task's lanes share.</summary>
    internal LanePool ChunkPool { get; } = new();

    /// <summary>Whether records' values point into the lanes' chunks (<see cref="KafkaConsumerSettings.LendRecordValues"/>).</summary>
    internal bool LendsValues => _settings.LendRecordValues;

    /// <summary>The consumer group (for metric tags).</summary>
    public string GroupId => _settings.GroupId;

    public ConsumerHealth Health
    {
        get
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            var lastPoll = Interlocked.Read(ref _lastPoll);
            var unassignedSince = Interlocked.Read(ref _unassignedSince);
            return new ConsumerHealth(
                Started: lastPoll != 0,
                Closed: _closed.Task.IsCompleted,
                BrokersReachable: !_brokersDown,
                LastError: _lastError,
                Tasks: _taskCount,
                Unassigned: unassignedSince == 0 ? TimeSpan.Zero : System.Diagnostics.Stopwatch.GetElapsedTime(unassignedSince, now),
                SinceLastPoll: lastPoll == 0 ? TimeSpan.Zero : System.Diagnostics.Stopwatch.GetElapsedTime(lastPoll, now));
        }
    }

    /// <summary>The group metadata transactions need to commit offsets on behalf of this consumer (exactly-once mode).</summary>
    public IConsumerGroupMetadata GroupMetadata => _consumer?.ConsumerGroupMetadata ?? throw new InvalidOperationException("the consumer has not started");

    internal void Emitted(int count) => Interlocked.Add(ref _inFlight, count);

    internal void Completed(int count) => Interlocked.Add(ref _inFlight, -count);

    internal void StoreOffsets(IReadOnlyList<TopicPartitionOffset> highest)
    {
        foreach (var position in highest)
        {
            try
            {
                _consumer?.StoreOffset(new TopicPartitionOffset(position.TopicPartition, position.Offset + 1));
            }
            catch (KafkaException)
            {
                // The partition was revoked meanwhile: its new owner resumes from the last committed offset and
                // reprocesses this work (same offer ids), which is what at-least-once promises.
            }
        }
    }

    public async Task DrainAndShutdownAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        try
        {
            while (InFlight > 0 && !_closed.Task.IsCompleted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, cancellationToken).ConfigureAwait(false);
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
        Exception? failure = null;
        try
        {
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(_settings.ToConfig())
                .SetPartitionsAssignedHandler((_, assigned) => Guard(() => OnAssigned(assigned)))
                .SetPartitionsRevokedHandler((c, revoked) => Guard(() => OnRevoked(c, revoked.Select(p => p.TopicPartition), lost: false)))
                .SetPartitionsLostHandler((c, lost) => Guard(() => OnRevoked(c, lost.Select(p => p.TopicPartition), lost: true)))
                .SetLogHandler((_, log) => _settings.OnLog?.Invoke(log))
                .SetErrorHandler((_, error) => OnError(error))
                .SetStatisticsHandler((_, json) => KafkaTelemetry.ReportLag(this, _settings.GroupId, ConsumerStatistics.Lags(json)))
                .SetOffsetsCommittedHandler((_, committed) => KafkaTelemetry.CountCommit(committed))
                .Build();
            _consumer = consumer;
            using var poll = new NativePoll(consumer.Handle);
            consumer.Subscribe(_topics);
            var drainingStarted = false;
            while (!_stop)
            {
                Interlocked.Exchange(ref _lastPoll, System.Diagnostics.Stopwatch.GetTimestamp());
                if (_fatal is { } fatal)
                {
                    throw new KafkaException(fatal); // the consumer cannot go on; the engine stops and exits non-zero
                }

                if (_draining && !drainingStarted)
                {
                    drainingStarted = true;
                    StopFetching(consumer);
                }

                var anyPaused = !drainingStarted && ResumeDrained(consumer);
                var record = poll.Next(anyPaused ? PausedPollTimeoutMs : PollTimeoutMs);
                try
                {
                    if (_handlerFault is { } fault)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fault);
                    }

                    if (record.IsNone || drainingStarted)
                    {
                        continue; // while draining, keep polling only to keep the membership alive
                    }

                    _brokersDown = false; // a fetch answered
                    Route(consumer, record);
                }
                finally
                {
                    NativePoll.Destroy(record);
                }
            }

            try
            {
                consumer.Commit(); // the stored offsets of finished work
            }
            catch (KafkaException ex)
            {
                KafkaTelemetry.CountCommitFailure(ex.Error.Code);
                // Nothing stored, or a rebalance moved the group on (stale generation): whatever was not
                // committed is reprocessed by the next owner, as at-least-once allows.
            }

            consumer.Close(); // leave the group now rather than after the session timeout
            CompleteAll();
        }
        catch (Exception ex)
        {
            CompleteAll(ex);
            failure = ex;
        }
        finally
        {
            // Closed only once the lag is withdrawn: whoever awaits the close sees no stale gauge.
            KafkaTelemetry.ReportLag(this, _settings.GroupId, null);
            _stopping.Cancel();
            if (failure is null)
            {
                _closed.TrySetResult();
            }
            else
            {
                _closed.TrySetException(failure);
            }
        }
    }

    // Client errors: reported to the host; "all brokers down" and transport failures mark the brokers unreachable
    // until a fetch answers again; a fatal error ends the poll loop (checked on its next turn).
    private void OnError(Error error)
    {
        _lastError = $"{error.Code}: {error.Reason}";
        if (error.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport or ErrorCode.Local_Resolve)
        {
            _brokersDown = true;
        }

        if (error.IsFatal)
        {
            _fatal = error;
        }

        _settings.OnError?.Invoke(error);
    }

    private void StopFetching(IConsumer<Ignore, Ignore> consumer)
    {
        consumer.Pause(consumer.Assignment);
        foreach (var task in _tasks.Values)
        {
            task.Revoke(lost: false); // no more records; work handed out still completes and is committed
        }

        _tasksOut.Writer.TryComplete();
    }

    private void CompleteAll(Exception? error = null)
    {
        foreach (var task in _tasks.Values)
        {
            task.Revoke(lost: true);
        }

        _tasks.Clear();
        CountTasks();
        _tasksOut.Writer.TryComplete(error);
    }
}
