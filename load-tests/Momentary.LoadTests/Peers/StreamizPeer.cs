using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Momentary.Core.Messaging;
using Momentary.Pipeline.Processing;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace Momentary.LoadTests.Peers;

/// <summary>
/// Peer (a) of <c>peers</c>: a Streamiz.Kafka.Net (Kafka Streams for .NET) topology as its docs show one: a stream of
/// signals, each mapped by the same processing code as Momentary (context from Redis, rules, caps, state written)
/// to the records it produces, sent to the topic each names. Stateless (the context lives in Redis), so no internal
/// topics; at-least-once with Streamiz's default commit interval.
/// </summary>
internal static class StreamizPeer
{
    public static async Task RunAsync(string bootstrap, string topic, SignalProcessor processor, CancellationToken ct)
    {
        var config = new StreamConfig<StringSerDes, ByteArraySerDes>
        {
            ApplicationId = "streamiz-" + topic,
            BootstrapServers = bootstrap,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 1,
            AllowAutoCreateTopics = true,
            Logger = Warnings,
        };

        var builder = new StreamBuilder();
        builder.Stream<string, byte[]>(topic)
            .FlatMapValues<OutboundRecord>((key, value, context) => processor.ProcessAsync(new InboundRecord(context.Topic, context.Partition, context.Offset, key, value, DateTimeOffset.FromUnixTimeMilliseconds(context.Timestamp))).AsTask().GetAwaiter().GetResult().Outbound)
            .To((_, record, _) => record.Topic, new StringSerDes(), new OutboundSerDes());

        // Started without the harness's token: Streamiz keeps a token it is given for its threads' lifetime, and the
        // harness disposes its source after stopping the peer (an ObjectDisposedException at shutdown). Disposing the
        // stream (end of the using) closes it.
        using var stream = new KafkaStream(builder.Build(), config);
        await stream.StartAsync().ConfigureAwait(false);
        await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    // Streamiz logs its configuration and every state transition at Information; the harness shows warnings and errors only.
    private static readonly ILoggerFactory Warnings = LoggerFactory.Create(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning));

    private sealed class OutboundSerDes : AbstractSerDes<OutboundRecord>
    {
        public override byte[] Serialize(OutboundRecord data, SerializationContext context) => data.Value;

        public override OutboundRecord Deserialize(byte[] data, SerializationContext context) => throw new NotSupportedException("the peer only writes");
    }
}
