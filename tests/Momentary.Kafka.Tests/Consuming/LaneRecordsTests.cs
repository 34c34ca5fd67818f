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
        var first = lane.Take("signals", 4, epoch: 7, out _);
        var second = lane.Take("signals", 4, epoch: 7, out _);
        var third = lane.Take("signals", 4, epoch: 7, out _);

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
                var value = RandomValue(random, largePercent: 2);
                var key = $"c-{random.Next(1_000_000)}";
                lane.Add(offset, offset, Encoding.UTF8.GetBytes(key), keyIsNull: false, value, []);
                expected.Enqueue((offset++, key, value));
            }
            else if (roll < 9_997)
            {
                var (o, key, value) = expected.Dequeue();
                var record = lane.Take("t", 0, 1, out _);
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

    [Fact]
    public void LentValues_StayIntact_UntilReleased_ThoughTheLaneGoesOnAndChunksAreReused()
    {
        var pool = new LanePool();
        var lane = new LaneRecords(pool, lend: true);
        var random = new Random(23);
        var waiting = new Queue<(long Offset, byte[] Value)>();
        var working = new List<(InboundRecord Record, byte[] Expected, LaneChunk? Loan)>(); // taken, work not done yet
        long offset = 0;
        for (var step = 0; step < 60_000; step++)
        {
            var roll = random.Next(100);
            if (roll < 50 || waiting.Count == 0)
            {
                var value = RandomValue(random, largePercent: 1);
                lane.Add(offset, offset, "k"u8, keyIsNull: false, value, []);
                waiting.Enqueue((offset++, value));
            }
            else if (roll < 90)
            {
                var (o, value) = waiting.Dequeue();
                var record = lane.Take("t", 0, 1, out var loan);
                Assert.Equal(o, record.Offset);
                Assert.NotNull(loan);
                working.Add((record, value, loan));
            }
            else if (working.Count > 0)
            {
                // Work finishes in any order; until then every lent value must read as it was produced.
                var done = working[random.Next(working.Count)];
                Assert.True(done.Expected.AsSpan().SequenceEqual(done.Record.Value.Span), $"the lent value of record {done.Record.Offset} was overwritten before its work was done");
                done.Loan!.Release();
                working.Remove(done);
            }

            if (step % 20_000 == 19_999)
            {
                lane.Clear(); // a revocation: what was taken stays lent until done
                waiting.Clear();
            }
        }

        foreach (var (record, expected, loan) in working)
        {
            Assert.True(expected.AsSpan().SequenceEqual(record.Value.Span));
            loan!.Release();
        }

        Assert.InRange(pool.Allocated, 1, 200); // reused, not one per 64 KiB written (some 9 MB went through)
    }

    [Fact]
    public void Lanes_OfANewAssignment_ReuseTheChunksOfTheRevokedOnes()
    {
        var pool = new LanePool();
        var value = new byte[1_000];
        var first = new LaneRecords(pool, lend: false);
        for (var i = 0; i < 500; i++)
        {
            first.Add(i, i, [], keyIsNull: true, value, []);
        }

        first.Clear();
        var allocated = pool.Allocated;
        Assert.InRange(allocated, 8, 9); // 500 KB in 64 KiB chunks

        var second = new LaneRecords(pool, lend: false);
        for (var i = 0; i < 500; i++)
        {
            second.Add(i, i, [], keyIsNull: true, value, []);
        }

        Assert.Equal(allocated, pool.Allocated);
    }

    [Fact]
    public void ReleasingABatchsValues_ReturnsItsChunks_BeforeTheCommit_AndTheCommitReleasesNothingTwice()
    {
        var pool = new LanePool();
        var lane = new LaneRecords(pool, lend: true);
        var value = new byte[1_000];
        for (var i = 0; i < 100; i++)
        {
            lane.Add(i, i, "k"u8, keyIsNull: false, value, []);
        }

        var loans = new List<ChunkLoan>();
        for (var i = 0; i < 100; i++)
        {
            lane.Take("t", 0, 1, out var loan);
            loans.Add(new ChunkLoan(loan!, 1));
        }

        lane.Clear(); // the lane moves on: only the batch's records hold the chunks now
        var allocated = pool.Allocated;
        var offset = new CommittableOffset(null!, [], 100, [.. loans]);

        offset.ReleaseValues(); // the batch is processed
        var next = new LaneRecords(pool, lend: true);
        for (var i = 0; i < 100; i++)
        {
            next.Add(i, i, "k"u8, keyIsNull: false, value, []);
        }

        Assert.Equal(allocated, pool.Allocated); // the next backlog reuses the released chunks, no commit needed
        offset.ReleaseValues(); // the committer's call: nothing left to release (a second release would throw)
    }

    // Mostly small records, now and then one bigger than a chunk, which gets an array of its own.
    private static byte[] RandomValue(Random random, int largePercent)
    {
        var value = new byte[random.Next(100) < largePercent ? random.Next(64 * 1024, 90_000) : random.Next(0, 400)];
        random.NextBytes(value);
        return value;
    }
}
