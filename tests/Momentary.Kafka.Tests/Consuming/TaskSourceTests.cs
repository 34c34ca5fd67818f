using Momentary.Testing.Traits;
using Momentary.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Kafka.Tests.Support;
using Momentary.Testing.Kafka;

namespace Momentary.Kafka.Tests.Consuming;

/// <summary>
/// Tasks, as in Kafka Streams: partition N of every co-partitioned topic goes to one member and one sub-stream, which
/// merges the partitions in record-timestamp order; records carry the ownership epoch claimed for their task.
/// </summary>
[Collection(KafkaClusterCollection.Name)]
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class TaskSourceTests(KafkaTestCluster cluster) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly ActorSystem _system = ActorSystem.Create("task-tests", "akka.loglevel = WARNING");

    [Fact]
    public async Task Task_should_merge_partition_N_of_every_topic_in_timestamp_order_when_replaying_a_backlog()
    {
        var (a, b) = (KafkaTestCluster.UniqueName("merge-a"), KafkaTestCluster.UniqueName("merge-b"));
        cluster.CreateTopic(a, 2);
        cluster.CreateTopic(b, 2);

        // A backlog written topic by topic: all of a's records (even milliseconds) before any of b's (odd ones).
        const int perPartition = 300;
        var records = new List<(string, int?, string, byte[], DateTimeOffset)>();
        foreach (var (topic, odd) in new[] { (a, 0), (b, 1) })
        {
            for (var p = 0; p < 2; p++)
            {
                for (var i = 0; i < perPartition; i++)
                {
                    records.Add((topic, p, $"k{p}", Encoding.UTF8.GetBytes($"{topic}/{i}"), T0.AddMilliseconds((2 * i) + odd)));
                }
            }
        }

        cluster.ProduceTimed(records);
        var seen = new ConcurrentDictionary<int, ConcurrentQueue<Core.Messaging.InboundRecord>>();
        var (control, _) = Run(Settings(KafkaTestCluster.UniqueName("g")), [a, b], maxBatch: 16, (task, batch) =>
        {
            foreach (var r in batch.Records)
            {
                seen.GetOrAdd(task, _ => new()).Enqueue(r);
            }

            return Task.CompletedTask;
        });

        await Eventually.HoldsAsync(() => seen.Values.Sum(q => q.Count) >= 4 * perPartition, TimeSpan.FromSeconds(60));
        await control.DrainAndShutdownAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);

        Assert.Equal([0, 1], seen.Keys.Order());
        foreach (var (task, queue) in seen)
        {
            var list = queue.ToList();
            Assert.All(list, r => Assert.Equal(task, r.Partition)); // partition N of both topics, in task N
            Assert.Equal(2 * perPartition, list.Count);
            var stamps = list.Select(r => r.Timestamp).ToList();
            Assert.Equal(stamps.Order(), stamps); // one timeline across both topics
            Assert.Equal(perPartition, list.Count(r => r.Topic == b));
        }
    }

    [Fact]
    public async Task Tasks_should_keep_every_topic_of_a_partition_number_on_one_member_through_rebalances()
    {
        var (a, b) = (KafkaTestCluster.UniqueName("colo-a"), KafkaTestCluster.UniqueName("colo-b"));
        cluster.CreateTopic(a, 4);
        cluster.CreateTopic(b, 4);
        var group = KafkaTestCluster.UniqueName("g");
        var batches = new ConcurrentQueue<(string Member, int Task, Core.Messaging.InboundRecord[] Records)>();
        Func<int, CommittableBatch, Task> Recorder(string member) => (task, batch) =>
        {
            batches.Enqueue((member, task, [.. batch.Records]));
            return Task.CompletedTask;
        };

        var produced = Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
            {
                cluster.ProduceTimed(Enumerable.Range(0, 40).SelectMany(i => new[]
                {
                    (a, (int?)null, $"c{i}", new[] { (byte)round }, T0.AddSeconds((round * 40) + i)),
                    (b, (int?)null, $"c{i}", new[] { (byte)round }, T0.AddSeconds((round * 40) + i).AddMilliseconds(1)),
                }));
                await Task.Delay(150);
            }
        });

        var (first, _) = Run(Settings(group), [a, b], 8, Recorder("first"));
        await Eventually.HoldsAsync(() => !batches.IsEmpty, TimeSpan.FromSeconds(20));
        var (second, _) = Run(Settings(group), [a, b], 8, Recorder("second"));
        await Eventually.HoldsAsync(() => batches.Any(x => x.Member == "second"), TimeSpan.FromSeconds(30));
        await produced;
        await Eventually.HoldsAsync(() => batches.Sum(x => x.Records.Length) >= 1600, TimeSpan.FromSeconds(60));
        await Task.WhenAll(first.DrainAndShutdownAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token), second.DrainAndShutdownAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token));

        Assert.All(batches, x => Assert.All(x.Records, r => Assert.Equal(x.Task, r.Partition)));
        foreach (var customer in batches.SelectMany(x => x.Records).GroupBy(r => r.Key))
        {
            Assert.Single(customer.Select(r => r.Partition).Distinct()); // one customer, one partition number, on both topics
        }

        Assert.Equal(1600, batches.SelectMany(x => x.Records).Select(r => (r.Topic, r.Partition, r.Offset)).Distinct().Count());
    }

    [Fact]
    public async Task Records_should_carry_the_epoch_claimed_at_assignment_and_a_higher_one_after_a_rebalance()
    {
        var topic = KafkaTestCluster.UniqueName("epoch");
        cluster.CreateTopic(topic, 4);
        var group = KafkaTestCluster.UniqueName("g");
        long claims = 0;
        var settings = Settings(group) with { ClaimEpoch = _ => Task.FromResult(Interlocked.Increment(ref claims)) };
        var epochs = new ConcurrentQueue<(string Member, long Epoch)>();
        Func<int, CommittableBatch, Task> Recorder(string member) => (_, batch) =>
        {
            Assert.Single(batch.Records.Select(r => r.Epoch).Distinct());
            epochs.Enqueue((member, batch.Records[0].Epoch));
            return Task.CompletedTask;
        };

        var (first, _) = Run(settings, [topic], 8, Recorder("first"));
        cluster.ProduceTimed(Enumerable.Range(0, 40).Select(i => (topic, (int?)null, $"c{i}", new byte[] { 1 }, T0.AddSeconds(i))));
        await Eventually.HoldsAsync(() => epochs.Count(e => e.Member == "first") > 0, TimeSpan.FromSeconds(20));
        var before = epochs.Max(e => e.Epoch);

        var (second, _) = Run(settings, [topic], 8, Recorder("second"));
        await Eventually.HoldsAsync(() => Interlocked.Read(ref claims) >= 3, TimeSpan.FromSeconds(30)); // both members claimed after the rebalance
        cluster.ProduceTimed(Enumerable.Range(0, 40).Select(i => (topic, (int?)null, $"c{i}", new byte[] { 2 }, T0.AddMinutes(5).AddSeconds(i))));
        await Eventually.HoldsAsync(() => epochs.Any(e => e.Member == "second") && epochs.Count(e => e.Epoch > before && e.Member == "first") > 0, TimeSpan.FromSeconds(30));
        await Task.WhenAll(first.DrainAndShutdownAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token), second.DrainAndShutdownAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token));

        Assert.All(epochs.Where(e => e.Member == "second"), e => Assert.True(e.Epoch > before));
    }

    [RealKafkaFact(KafkaTestCluster.MockRefusesCommitsWhileRebalancing)]
    public async Task Revocation_should_commit_the_work_already_handed_out_so_the_next_owner_does_not_repeat_it()
    {
        var topic = KafkaTestCluster.UniqueName("revoke");
        cluster.CreateTopic(topic, 4);
        var group = KafkaTestCluster.UniqueName("g");
        cluster.ProduceTimed(Enumerable.Range(0, 400).Select(i => (topic, (int?)null, $"c{i % 50}", BitConverter.GetBytes(i), T0.AddSeconds(i))));
        var done = new ConcurrentQueue<(string Member, long Offset, int Partition)>();
        Func<int, CommittableBatch, Task> Slow(string member) => async (_, batch) =>
        {
            await Task.Delay(40); // work takes a while: some is always in flight when the group rebalances
            foreach (var r in batch.Records)
            {
                done.Enqueue((member, r.Offset, r.Partition));
            }
        };

        var (first, _) = Run(Settings(group), [topic], 4, Slow("first"));
        await Eventually.HoldsAsync(() => done.Count >= 40, TimeSpan.FromSeconds(20));
        var (second, _) = Run(Settings(group), [topic], 4, Slow("second"));
        await Eventually.HoldsAsync(() => done.Count >= 400, TimeSpan.FromSeconds(60));
        await Task.WhenAll(first.DrainAndShutdownAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token), second.DrainAndShutdownAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token));

        Assert.True(done.Any(d => d.Member == "second"), "the second member should have taken tasks over");
        var repeated = done.GroupBy(d => (d.Partition, d.Offset)).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join("+", g.Select(d => d.Member))}").ToList();
        Assert.True(repeated.Count == 0, string.Join(", ", repeated) + " | order: " + string.Join(" ", done.Select(d => $"{d.Member[0]}{d.Partition}:{d.Offset}")));
        Assert.Equal(400, done.Count);
    }

    [Fact]
    public async Task Source_should_fail_naming_the_topics_when_they_are_not_co_partitioned()
    {
        var (a, b) = (KafkaTestCluster.UniqueName("four"), KafkaTestCluster.UniqueName("two"));
        cluster.CreateTopic(a, 4);
        cluster.CreateTopic(b, 2);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        var refused = Assert.Throws<CoPartitioningException>(() => CoPartitioning.Verify(producer, [a, b], TimeSpan.FromSeconds(10)));
        var (control, _) = Run(Settings(KafkaTestCluster.UniqueName("g")), [a, b], 8, (_, _) => Task.CompletedTask);
        var failed = await Assert.ThrowsAnyAsync<KafkaException>(() => control.Closed.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains($"{a} has 4", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"{b} has 2", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not co-partitioned", failed.Message, StringComparison.Ordinal);
        Assert.Equal(4, CoPartitioning.Verify(producer, [a], TimeSpan.FromSeconds(10)));
    }

    private KafkaConsumerSettings Settings(string group) =>
        new() { BootstrapServers = cluster.BootstrapServers, GroupId = group, SessionTimeout = cluster.SessionTimeout, CommitInterval = TimeSpan.FromMilliseconds(100), FetchWaitMaxMs = 5 };

    // The real source → work → committer stream; work runs one batch at a time per task, in order.
    private (IDrainingControl Control, Task Done) Run(KafkaConsumerSettings settings, string[] topics, int maxBatch, Func<int, CommittableBatch, Task> work)
    {
        var (control, tasks) = KafkaSource.CommittableTaskBatches(settings, topics, maxBatch).PreMaterialize(_system.Materializer());
        var done = tasks
            .MergeMany(64, t => t.Batches.SelectAsync(1, async b =>
            {
                await work(t.Task, b);
                return b.Offset;
            }))
            .RunWith(KafkaCommitter.Sink(new CommitterSettings()), _system.Materializer());
        return (control, done);
    }

    public void Dispose() => _system.Dispose();
}
