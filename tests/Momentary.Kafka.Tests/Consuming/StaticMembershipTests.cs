using Momentary.Testing.Traits;
using System.Collections.Concurrent;
using Confluent.Kafka;
using Momentary.Kafka.Tests.Support;
using Momentary.Testing;
using Momentary.Testing.Kafka;

namespace Momentary.Kafka.Tests.Consuming;

/// <summary>
/// Static membership (<see cref="KafkaConsumerSettings.GroupInstanceId"/>): a member restarted with the same instance id
/// within the session timeout gets its own partitions back, and the other members are not rebalanced: a rolling
/// restart moves no task.
/// </summary>
[Collection(KafkaClusterCollection.Name)]
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class StaticMembershipTests(KafkaTestCluster cluster)
{
    [Fact]
    public void ToConfig_WithAGroupInstanceId_SetsStaticMembership()
    {
        var settings = new KafkaConsumerSettings { BootstrapServers = "x:9092", GroupId = "g", GroupInstanceId = "pod-0" };
        Assert.Equal("pod-0", settings.ToConfig().GroupInstanceId);
        Assert.Null((settings with { GroupInstanceId = null }).ToConfig().GroupInstanceId);
    }

    [RealKafkaFact(KafkaTestCluster.MockRebalancesStaticMembers)]
    public async Task Member_RestartedWithItsInstanceIdWithinTheSessionTimeout_GetsItsPartitionsBackAndTheOtherIsNotRebalanced()
    {
        var topic = KafkaTestCluster.UniqueName("static");
        cluster.CreateTopic(topic, 4);
        var group = KafkaTestCluster.UniqueName("static-group");
        KafkaConsumerSettings Settings(string instance) => new() { BootstrapServers = cluster.BootstrapServers, GroupId = group, GroupInstanceId = instance, SessionTimeout = TimeSpan.FromSeconds(10) };

        using var a = new Member(Settings("a"), topic);
        var b = new Member(Settings("b"), topic);
        Assert.True(await Eventually.TrueAsync(() => a.Assigned.Count == 2 && b.Assigned.Count == 2, TimeSpan.FromSeconds(30)), $"a {a.Assigned.Count}, b {b.Assigned.Count}");
        var (aEvents, bPartitions) = (a.Events.Count, b.Assigned.ToHashSet());

        b.Dispose(); // a static member's close does not leave the group: its partitions wait for it
        using var again = new Member(Settings("b"), topic);
        Assert.True(await Eventually.TrueAsync(() => again.Assigned.Count == 2, TimeSpan.FromSeconds(30)), "the restarted member got no partitions");

        Assert.Equal(bPartitions, again.Assigned.ToHashSet());
        Assert.Equal(aEvents, a.Events.Count); // no revocation, no new assignment for the member that stayed
    }

    // A consumer polling on its own thread, recording its assignments.
    private sealed class Member : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;

        public Member(KafkaConsumerSettings settings, string topic)
        {
            var consumer = new ConsumerBuilder<byte[]?, byte[]>(settings.ToConfig())
                .SetPartitionsAssignedHandler((_, ps) => { Events.Enqueue("assigned"); Assigned = [.. ps.Select(p => p.Partition.Value)]; })
                .SetPartitionsRevokedHandler((_, _) => { Events.Enqueue("revoked"); Assigned = []; })
                .Build();
            consumer.Subscribe(topic);
            _thread = new Thread(() =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    consumer.Consume(TimeSpan.FromMilliseconds(50));
                }

                consumer.Close();
                consumer.Dispose();
            });
            _thread.Start();
        }

        public ConcurrentQueue<string> Events { get; } = new();

        public IReadOnlyList<int> Assigned { get; private set; } = [];

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
        }
    }
}
