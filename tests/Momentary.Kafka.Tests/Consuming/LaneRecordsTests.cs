using System.Text;
using Momentary.Core.Messaging;
using Momentary.Kafka.Consuming;

namespace Momentary.Kafka.Tests.Consuming;

/// <summary>A lane's compact record store: records come out as they went in, whatever chunks their bytes shared.</summary>
public sealed class LaneRecordsTests
{
    [Fact]
    public void Take_GivesBackEachRecord_InOrder_WithItsKeyValueTimestampAndHeaders()
    {
        var lane = new LaneRecords();
        RecordHeader[] headers = [new("traceparent", "00-abc"u8.ToArray())];
        lane.Add(10, 1_700_000_000_123, "zoë"u8, keyIsNull: false, "{\"a\":1}"u8, headers);
        lane.Add(11, 1_700_000_000_124, [], keyIsNull: true, [], []);
        lane.Add(12, 1_700_000_000_125, [], keyIsNull: false, "x"u8, []);

        Assert.Equal((3, 1_700_000_000_123), (lane.Count, lane.HeadTimestampMs));
        var first = lane.Take("signals", 4, epoch: 7);
        var second = lane.Take("signals", 4, epoch: 7);
        var third = lane.Take("signals", 4, epoch: 7);

        Assert.Equal(("signals", 4, 10L, "zoë", "{\"a\":1}", 7L), (first.Topic, first.Partition, first.Offset, first.Key, Encoding.UTF8.GetString(first.Value.Span), first.Epoch));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), first.Timestamp);
        Assert.Same(headers, first.Headers);
        Assert.Equal((11L, null, 0), (second.Offset, second.Key, second.Value.Length)); // a missing key stays null
        Assert.Equal((12L, ""), (third.Offset, third.Key)); // an empty key stays empty
        Assert.Equal(0, lane.Count);
    }

    [Fact]
    public void Records_ComeBackIntact_ThroughChunkReuse_LargeRecordsAndClears()
    {
        var lane = new LaneRecords();
        var random = new Random(22);
        var expected = new Queue<(long Offset, string Key, byte[] Value)>();
        long offset = 0;
        for (var step = 0; step < 60_000; step++)
        {
            // The lane grows on the whole (a backlog), across many chunks, and is now and then revoked.
            var roll = random.Next(10_000);
            if (roll < 6_000 || expected.Count == 0)
            {
                // Mostly small records, now and then one bigger than a chunk, which gets an array of its own.
                var value = new byte[random.Next(100) < 2 ? random.Next(64 * 1024, 90_000) : random.Next(0, 400)];
                random.NextBytes(value);
                var key = $"c-{random.Next(1_000_000)}";
                lane.Add(offset, offset, Encoding.UTF8.GetBytes(key), keyIsNull: false, value, []);
                expected.Enqueue((offset++, key, value));
            }
            else if (roll < 9_997)
            {
                var (o, key, value) = expected.Dequeue();
                var record = lane.Take("t", 0, 1);
                Assert.Equal((o, key), (record.Offset, record.Key));
                Assert.True(value.AsSpan().SequenceEqual(record.Value.Span), $"the value of record {o} changed in the lane");
            }
            else
            {
                lane.Clear(); // a revocation
                expected.Clear();
            }

            Assert.Equal(expected.Count, lane.Count);
        }
    }
}
