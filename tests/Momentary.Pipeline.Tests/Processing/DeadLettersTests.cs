using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Momentary.Core.Messaging;
using Momentary.Pipeline.Processing;

namespace Momentary.Pipeline.Tests.Processing;

public sealed class DeadLettersTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_ValueWithinTheLimit_IsTheOriginalRecordWithTheSixHeaders()
    {
        var source = new InboundRecord("signals", 3, 42, "jane", "{\"kind\""u8.ToArray(), At);

        var letter = DeadLetters.Create("dlq", source, "malformed-json", "invalid JSON at byte 7", At, PipelineSettings.DefaultMaxDeadLetterBytes);

        Assert.Equal(("dlq", "jane"), (letter.Topic, letter.Key));
        Assert.Equal(source.Value.ToArray(), letter.Value);
        Assert.Equal(
            [DeadLetters.ErrorKindHeader, DeadLetters.ErrorMessageHeader, DeadLetters.SourceTopicHeader, DeadLetters.SourcePartitionHeader, DeadLetters.SourceOffsetHeader, DeadLetters.DeadLetteredAtHeader],
            letter.Headers.Select(h => h.Key));
    }

    [Fact]
    public void Create_RecordWithHeaders_KeepsThemUnchangedBeforeItsOwn()
    {
        var traceParent = Encoding.ASCII.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var source = new InboundRecord("signals", 0, 1, "jane", "{"u8.ToArray(), At) { Headers = [new("traceparent", traceParent), new("producer.app", [1, 2])] };

        var letter = DeadLetters.Create("dlq", source, "malformed-json", "invalid JSON", At);

        Assert.Equal(["traceparent", "producer.app", DeadLetters.ErrorKindHeader], letter.Headers.Take(3).Select(h => h.Key));
        Assert.Equal(traceParent, letter.Headers[0].Value);
        Assert.Equal(8, letter.Headers.Count);
    }

    [Theory]
    [InlineData(1024 * 1024)]
    [InlineData(PipelineSettings.DefaultMaxDeadLetterBytes)] // fits alone, not with key and headers
    [InlineData(8 * 1024 * 1024)]
    public void Create_ValueThatWouldExceedTheLimit_IsTruncatedToFitWithOriginalSizeAndSha256(int size)
    {
        var value = new byte[size];
        new Random(size).NextBytes(value);
        var source = new InboundRecord("signals", 0, 1, "jane", value, At);

        var letter = DeadLetters.Create("dlq", source, "oversized", "too big", At, PipelineSettings.DefaultMaxDeadLetterBytes);

        Assert.True(Size(letter) <= PipelineSettings.DefaultMaxDeadLetterBytes, $"{Size(letter)} bytes");
        Assert.True(letter.Value.Length > PipelineSettings.DefaultMaxDeadLetterBytes - 4096, "as much of the value as fits is kept");
        Assert.Equal(value.AsSpan(0, letter.Value.Length).ToArray(), letter.Value);
        Assert.Equal("true", Header(letter, DeadLetters.TruncatedHeader));
        Assert.Equal(size.ToString(CultureInfo.InvariantCulture), Header(letter, DeadLetters.OriginalSizeHeader));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(value)), Header(letter, DeadLetters.OriginalSha256Header));
        Assert.Equal("jane", letter.Key);
    }

    [Fact]
    public void Create_KeyTooLongToKeep_IsDroppedWithItsSizeInAHeader()
    {
        var key = new string('k', 2 * 1024 * 1024);
        var source = new InboundRecord("signals", 0, 1, key, "{}"u8.ToArray(), At);

        var letter = DeadLetters.Create("dlq", source, "key-mismatch", "the record key differs from customerId", At, PipelineSettings.DefaultMaxDeadLetterBytes);

        Assert.Null(letter.Key);
        Assert.Equal("{}"u8.ToArray(), letter.Value);
        Assert.Equal((2 * 1024 * 1024).ToString(CultureInfo.InvariantCulture), Header(letter, DeadLetters.OriginalKeySizeHeader));
        Assert.Equal("true", Header(letter, DeadLetters.TruncatedHeader));
        Assert.True(Size(letter) <= PipelineSettings.DefaultMaxDeadLetterBytes);
    }

    [Fact]
    public void Create_LimitSmallerThanTheHeaders_DropsTheValueAndDoesNotThrow()
    {
        var source = new InboundRecord("signals", 0, 1, "jane", new byte[10_000], At);

        var letter = DeadLetters.Create("dlq", source, "oversized", "too big", At, maxRecordBytes: 100);

        Assert.Empty(letter.Value);
        Assert.Equal("10000", Header(letter, DeadLetters.OriginalSizeHeader));
    }

    private static string? Header(OutboundRecord record, string key) =>
        record.Headers.Where(h => h.Key == key).Select(h => Encoding.UTF8.GetString(h.Value)).SingleOrDefault();

    private static int Size(OutboundRecord r) =>
        (r.Key is null ? 0 : Encoding.UTF8.GetByteCount(r.Key)) + r.Value.Length + r.Headers.Sum(h => Encoding.UTF8.GetByteCount(h.Key) + h.Value.Length);
}
