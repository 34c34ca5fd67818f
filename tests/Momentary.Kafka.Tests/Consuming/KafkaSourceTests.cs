using Momentary.Testing.Traits;
using Momentary.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Akka.Streams;
using Akka.Streams.Dsl;
using Momentary.Kafka.Tests.Support;
using Momentary.Testing.Kafka;

namespace Momentary.Kafka.Tests.Consuming;

[Collection(KafkaClusterCollection.Name)]
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class KafkaSourceTests(KafkaTestCluster cluster)
{
    [Fact]
    public async Task PartitionedSource_should_deliver_every_record_in_partition_order_and_commit_after_drain()
    {
        var topic = KafkaTestCluster.UniqueName("order");
        var group = KafkaTestCluster.UniqueName("g");
        cluster.CreateTopic(topic, 4);
        cluster.Produce(topic, Enumerable.Range(0, 400).Select(i => ($"k{i % 20}", Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        await using var consumer = new TestConsumer(cluster, group, topic);
        await Eventually.HoldsAsync(() => consumer.Processed.Count >= 400, TimeSpan.FromSeconds(30));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await consumer.Control.DrainAndShutdownAsync(bound.Token);

        var records = consumer.Processed.ToList();
        Assert.Equal(400, records.Count);
        foreach (var partition in records.GroupBy(r => r.Record.Partition))
        {
            var offsets = partition.Select(r => r.Record.Offset).ToList();
            Assert.Equal(offsets.Order(), offsets);
        }

        foreach (var key in records.GroupBy(r => r.Record.Key))
        {
            var values = key.Select(r => int.Parse(Encoding.UTF8.GetString(r.Record.Value.Span), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(values.Order(), values); // per customer (key) order holds
        }

        var committed = cluster.Committed(group, topic, 4);
        Assert.Equal(400, committed.Values.Sum());
        foreach (var (partition, offset) in committed)
        {
            Assert.Equal(records.Where(r => r.Record.Partition == partition).Max(r => r.Record.Offset) + 1, offset);
        }
    }

    [Fact]
    public async Task Keys_should_be_read_as_UTF8_strings_a_missing_key_as_null_and_invalid_bytes_replaced()
    {
        var topic = KafkaTestCluster.UniqueName("keys");
        var group = KafkaTestCluster.UniqueName("g");
        cluster.CreateTopic(topic, 1);
        byte[]?[] keys = [null, Encoding.UTF8.GetBytes("zoë"), [0x61, 0xFF]];
        using (var producer = new Confluent.Kafka.ProducerBuilder<byte[]?, byte[]>(new Confluent.Kafka.ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < keys.Length; i++)
            {
                producer.Produce(topic, new Confluent.Kafka.Message<byte[]?, byte[]> { Key = keys[i], Value = [(byte)i] });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        await using var consumer = new TestConsumer(cluster, group, topic);
        await Eventually.HoldsAsync(() => consumer.Processed.Count >= keys.Length, TimeSpan.FromSeconds(30));
        Assert.Equal([null, "zoë", "a\uFFFD"], consumer.Processed.OrderBy(r => r.Record.Offset).Select(r => r.Record.Key));
    }

    [Fact]
    public async Task Records_should_keep_their_headers_timestamps_and_empty_or_missing_values_as_produced()
    {
        var topic = KafkaTestCluster.UniqueName("fields");
        var group = KafkaTestCluster.UniqueName("g");
        cluster.CreateTopic(topic, 1);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        using (var producer = new Confluent.Kafka.ProducerBuilder<string, byte[]?>(new Confluent.Kafka.ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            var headers = new Confluent.Kafka.Headers { { "traceparent", "00-ab"u8.ToArray() }, { "empty", null }, { "zoë", [0xFF] } };
            producer.Produce(topic, new() { Key = "a", Value = "{}"u8.ToArray(), Headers = headers, Timestamp = new(at.UtcDateTime) });
            producer.Produce(topic, new() { Key = "b", Value = null, Timestamp = new(at.AddSeconds(1).UtcDateTime) });
            producer.Produce(topic, new() { Key = "c", Value = [], Timestamp = new(at.AddSeconds(2).UtcDateTime) });
            producer.Produce(topic, new() { Key = "d", Value = new byte[200_000] }); // larger than a lane's chunk
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        await using var consumer = new TestConsumer(cluster, group, topic);
        await Eventually.HoldsAsync(() => consumer.Processed.Count >= 4, TimeSpan.FromSeconds(30));
        var records = consumer.Processed.OrderBy(r => r.Record.Offset).Select(r => r.Record).ToList();
        Assert.Equal(["traceparent", "empty", "zoë"], records[0].Headers.Select(h => h.Key));
        Assert.Equal(["00-ab"u8.ToArray(), [], [0xFF]], records[0].Headers.Select(h => h.Value));
        Assert.Equal([topic], records.Select(r => r.Topic).Distinct());
        Assert.Equal("{}"u8.ToArray(), records[0].Value.ToArray());
        Assert.Equal([at, at.AddSeconds(1), at.AddSeconds(2)], records.Take(3).Select(r => r.Timestamp));
        Assert.True(records[1].Value.IsEmpty);
        Assert.True(records[2].Value.IsEmpty);
        Assert.All(records.Skip(1), r => Assert.Empty(r.Headers));
        Assert.Equal(200_000, records[3].Value.Length);
    }

    [Fact]
    public async Task Topics_that_are_not_co_partitioned_should_fail_the_consumer_with_the_reason()
    {
        var wide = KafkaTestCluster.UniqueName("wide");
        var narrow = KafkaTestCluster.UniqueName("narrow");
        cluster.CreateTopic(wide, 2);
        cluster.CreateTopic(narrow, 1);
        using var system = Akka.Actor.ActorSystem.Create("copartition", "akka.loglevel = OFF");
        var settings = new KafkaConsumerSettings { BootstrapServers = cluster.BootstrapServers, GroupId = KafkaTestCluster.UniqueName("g"), SessionTimeout = cluster.SessionTimeout };
        var (control, tasks) = KafkaSource.CommittableTaskBatches(settings, [wide, narrow], maxBatch: 16).PreMaterialize(system.Materializer());
        var stream = tasks.RunWith(Sink.Ignore<(int, Source<CommittableBatch, Akka.NotUsed>)>(), system.Materializer());

        var failure = await Assert.ThrowsAsync<Confluent.Kafka.KafkaException>(() => control.Closed.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(Confluent.Kafka.ErrorCode.Local_Inconsistent, failure.Error.Code);
        Assert.Contains("not co-partitioned", failure.Error.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => stream.WaitAsync(TimeSpan.FromSeconds(10))); // the tasks' stream fails with it
    }

    [Fact]
    public async Task BatchedSource_should_take_what_waited_as_one_batch_in_order_and_an_idle_partition_one_record_at_a_time()
    {
        var topic = KafkaTestCluster.UniqueName("batches");
        var group = KafkaTestCluster.UniqueName("g");
        cluster.CreateTopic(topic, 1);
        cluster.Produce(topic, Enumerable.Range(0, 200).Select(i => ("k" + (i % 7), new[] { (byte)i })));
        using var system = Akka.Actor.ActorSystem.Create("batches", "akka.loglevel = WARNING");
        var settings = new KafkaConsumerSettings { BootstrapServers = cluster.BootstrapServers, GroupId = group, SessionTimeout = cluster.SessionTimeout, CommitInterval = TimeSpan.FromMilliseconds(100), FetchWaitMaxMs = 5 };
        var (control, partitions) = KafkaSource.CommittableTaskBatches(settings, [topic], maxBatch: 16).PreMaterialize(system.Materializer());
        var batches = new ConcurrentQueue<CommittableBatch>();
        var slowStart = Task.Delay(500); // the first batch's work is slow, so the rest of the backlog waits in the lane
        var done = partitions
            .MergeMany(4, p => p.Batches.SelectAsync(1, async b =>
            {
                await slowStart;
                batches.Enqueue(b);
                return b.Offset;
            }))
            .RunWith(KafkaCommitter.Sink(new CommitterSettings()), system.Materializer());

        await Eventually.HoldsAsync(() => batches.Sum(b => b.Records.Count) >= 200, TimeSpan.FromSeconds(30));
        var backlog = batches.ToList();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), backlog.SelectMany(b => b.Records).Select(r => r.Offset));
        Assert.All(backlog, b =>
        {
            Assert.InRange(b.Records.Count, 1, 16);
            Assert.Equal(b.Records.Count, b.Offset.Count);
            Assert.Equal(b.Records[^1].Offset, Assert.Single(b.Offset.Positions).Offset.Value);
        });
        Assert.True(backlog.Count(b => b.Records.Count == 16) >= 10, $"batch sizes: {string.Join(",", backlog.Select(b => b.Records.Count))}");

        // Caught up: records produced one by one, each after the last was taken, come as batches of one.
        for (var i = 0; i < 3; i++)
        {
            var before = batches.Count;
            cluster.Produce(topic, [("k", [(byte)(200 + i)])]);
            await Eventually.HoldsAsync(() => batches.Count > before, TimeSpan.FromSeconds(10));
        }

        Assert.All(batches.Skip(backlog.Count), b => Assert.Single(b.Records));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await control.DrainAndShutdownAsync(bound.Token);
        Assert.Equal(203, cluster.Committed(group, topic, 1)[0]); // one offset per batch committed every record
    }

    [Fact]
    public async Task Committer_should_never_commit_past_unfinished_work_so_a_crash_redelivers_it()
    {
        var topic = KafkaTestCluster.UniqueName("crash");
        var group = KafkaTestCluster.UniqueName("g");
        cluster.CreateTopic(topic, 1);
        cluster.Produce(topic, Enumerable.Range(0, 100).Select(i => ("k", new[] { (byte)i })));
        var stuck = new TaskCompletionSource();

        // Work on offset 40 never finishes (a consumer that dies mid-record); 41.. wait behind it in order.
        await using (var first = new TestConsumer(cluster, group, topic, r => r.Record.Offset >= 40 ? stuck.Task : Task.CompletedTask))
        {
            await Eventually.HoldsAsync(() => first.Processed.Count >= 40, TimeSpan.FromSeconds(30));
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Control.DrainAndShutdownAsync(bound.Token));
            await first.Control.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(40, cluster.Committed(group, topic, 1)[0]);

        await using var second = new TestConsumer(cluster, group, topic);
        await Eventually.HoldsAsync(() => second.Processed.Count >= 60, TimeSpan.FromSeconds(30));
        Assert.Equal(40, second.Processed.First().Record.Offset);
        Assert.Equal(Enumerable.Range(40, 60).Select(i => (long)i), second.Processed.Select(r => r.Record.Offset));
    }

    [Fact]
    public async Task Group_members_joining_and_leaving_mid_stream_should_lose_no_record()
    {
        var topic = KafkaTestCluster.UniqueName("group");
        var group = KafkaTestCluster.UniqueName("g");
        cluster.CreateTopic(topic, 6);
        const int total = 3000;
        var seen = new ConcurrentDictionary<string, int>();
        Task Record(CommittableRecord r)
        {
            seen.AddOrUpdate(Encoding.UTF8.GetString(r.Record.Value.Span), 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        var produced = Task.Run(async () =>
        {
            for (var batch = 0; batch < 30; batch++)
            {
                cluster.Produce(topic, Enumerable.Range(batch * 100, 100).Select(i => ($"c{i % 97}", Encoding.UTF8.GetBytes($"r{i}"))));
                await Task.Delay(150);
            }
        });

        var a = new TestConsumer(cluster, group, topic, Record);
        await Eventually.HoldsAsync(() => !seen.IsEmpty, TimeSpan.FromSeconds(20));
        await using var b = new TestConsumer(cluster, group, topic, Record);
        await Task.Delay(1000);
        await using var c = new TestConsumer(cluster, group, topic, Record);
        await Task.Delay(1000);
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await a.Control.DrainAndShutdownAsync(bound.Token); // a member leaves mid-stream
        }

        await a.DisposeAsync();
        await produced;
        await Eventually.HoldsAsync(() => seen.Count >= total, TimeSpan.FromSeconds(45));

        Assert.Equal(total, seen.Count);
        Assert.True(a.Processed.Count > 0 && b.Processed.Count + c.Processed.Count > 0, "work should have been shared");
    }

    [Fact]
    public async Task AssignmentChanged_is_called_on_assignment_and_when_a_member_joins()
    {
        // The engine drops its partition-affine cache on every call: state cached for partitions that moved must go.
        var topic = KafkaTestCluster.UniqueName("assign");
        var group = KafkaTestCluster.UniqueName("g");
        cluster.CreateTopic(topic, 4);
        var calls = 0;
        await using var first = new TestConsumer(cluster, group, topic, assignmentChanged: () => Interlocked.Increment(ref calls));
        await Eventually.HoldsAsync(() => Volatile.Read(ref calls) >= 1, TimeSpan.FromSeconds(20));
        var afterAssignment = Volatile.Read(ref calls);

        await using var second = new TestConsumer(cluster, group, topic);
        await Eventually.HoldsAsync(() => Volatile.Read(ref calls) > afterAssignment, TimeSpan.FromSeconds(30));
    }

}
