using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Momentary.Testing.Kafka;

namespace Momentary.Kafka.Tests.Support;

/// <summary>A group member running the real source → work → committer stream, recording what it processed.</summary>
internal sealed class TestConsumer : IAsyncDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("kafka-test", "akka.loglevel = WARNING");

    public TestConsumer(KafkaTestCluster cluster, string group, string topic, Func<CommittableRecord, Task>? work = null, Action? assignmentChanged = null)
    {
        var settings = new KafkaConsumerSettings { BootstrapServers = cluster.BootstrapServers, GroupId = group, SessionTimeout = cluster.SessionTimeout, CommitInterval = TimeSpan.FromMilliseconds(100), FetchWaitMaxMs = 5, AssignmentChanged = assignmentChanged };
        var (control, partitions) = KafkaSource.CommittableTasks(settings, [topic]).PreMaterialize(_system.Materializer());
        Control = control;
        Completion = partitions
            .MergeMany(64, p => p.Records.SelectAsync(4, async r =>
            {
                if (work is not null)
                {
                    await work(r);
                }

                Processed.Enqueue(r);
                return r.Offset;
            }))
            .RunWith(KafkaCommitter.Sink(new CommitterSettings()), _system.Materializer());
    }

    public IDrainingControl Control { get; }

    public Task Completion { get; }

    public ConcurrentQueue<CommittableRecord> Processed { get; } = new();

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
