using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Kafka.Telemetry;

namespace Momentary.Kafka.Consuming;

/// <summary>The consumer's assignment: partitions grouped into tasks as they are assigned, drained and committed as they are revoked.</summary>
internal sealed partial class TaskConsumer
{
    private void CountTasks()
    {
        _taskCount = _tasks.Count;
        if (_tasks.Count == 0)
        {
            Interlocked.CompareExchange(ref _unassignedSince, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        }
        else
        {
            Interlocked.Exchange(ref _unassignedSince, 0);
            _brokersDown = false; // the group coordinator answered
        }
    }

    private void OnAssigned(List<TopicPartition> assigned)
    {
        var byTask = assigned.GroupBy(tp => tp.Partition.Value).OrderBy(g => g.Key).ToList();
        foreach (var group in byTask)
        {
            var missing = _topics.Where(t => !group.Any(tp => tp.Topic == t)).ToList();
            if (missing.Count > 0)
            {
                throw new KafkaException(new Error(ErrorCode.Local_Inconsistent,
                    $"partition {group.Key} of {string.Join(", ", group.Select(tp => tp.Topic))} was assigned without partition {group.Key} of {string.Join(", ", missing)}: " +
                    "the signal topics are not co-partitioned (every one needs the same partition count, docs/contracts.md) or the group uses another assignment strategy than range"));
            }
        }

        if (byTask.Count == 0)
        {
            return;
        }

        // One claim for every task of this assignment: an epoch greater than any earlier owner's.
        var epoch = _settings.ClaimEpoch is { } claim ? Task.Run(() => claim(_stopping.Token)) : Task.FromResult(0L);
        foreach (var group in byTask)
        {
            var partitions = group.OrderBy(tp => _topicIndex[tp.Topic]).ToArray();
            var task = new ConsumerTask(this, group.Key, partitions, epoch, _settings.MaxTaskIdle);
            _tasks[group.Key] = task;
            _tasksOut.Writer.TryWrite((group.Key, Source.FromGraph(new TaskSource(task, _maxBatch))));
        }

        CountTasks();
        KafkaTelemetry.CountRebalance("assigned");
        _settings.AssignmentChanged?.Invoke();
    }

    private void OnRevoked(IConsumer<Ignore, Ignore> consumer, IEnumerable<TopicPartition> revoked, bool lost)
    {
        var leaving = new List<ConsumerTask>();
        foreach (var number in revoked.Select(tp => tp.Partition.Value).Distinct())
        {
            if (_tasks.Remove(number, out var task))
            {
                task.Revoke(lost);
                leaving.Add(task);
            }
        }

        if (leaving.Count == 0)
        {
            return;
        }

        if (!lost && !_stop)
        {
            // Let the work already handed out finish, so its offsets are committed before the partitions move and the
            // next owner does not process it again; bounded, as the group waits for this member meanwhile.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            foreach (var task in leaving)
            {
                var left = _settings.RevokeDrainTimeout - waited.Elapsed;
                if (left <= TimeSpan.Zero || !task.WaitDrained(left))
                {
                    break;
                }
            }
        }

        foreach (var task in leaving)
        {
            task.Release();
        }

        CountTasks();
        KafkaTelemetry.CountRebalance(lost ? "lost" : "revoked");
        _settings.AssignmentChanged?.Invoke();
        if (lost)
        {
            return; // no longer a member: a commit would be refused
        }

        try
        {
            consumer.Commit(); // hand the finished work of revoked tasks to their next owner
        }
        catch (KafkaException ex)
        {
            KafkaTelemetry.CountCommitFailure(ex.Error.Code);
            // Nothing stored, or the group moved on: the next owner reprocesses from the last commit.
        }
    }
}
