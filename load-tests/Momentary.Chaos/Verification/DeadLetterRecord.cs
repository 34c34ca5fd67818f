using System.Text;
using Confluent.Kafka;

namespace Momentary.Chaos.Verification;

/// <summary>A dead letter as read back: its key and value (the source record's, unchanged) and its headers.</summary>
internal sealed record DeadLetterRecord(byte[]? Key, byte[] Value, IReadOnlyDictionary<string, string> Headers)
{
    public const string ErrorKind = "momentary.error.kind";
    public const string SourceTopic = "momentary.source.topic";
    public const string SourcePartition = "momentary.source.partition";
    public const string SourceOffset = "momentary.source.offset";

    public static DeadLetterRecord From(ConsumeResult<byte[], byte[]> record)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in record.Message.Headers ?? [])
        {
            headers[h.Key] = Encoding.UTF8.GetString(h.GetValueBytes() ?? []);
        }

        return new DeadLetterRecord(record.Message.Key, record.Message.Value, headers);
    }

    /// <summary>The source coordinates the headers name, if all three are present and well-formed.</summary>
    public (string Topic, int Partition, long Offset)? Source =>
        Headers.TryGetValue(SourceTopic, out var t) && Headers.TryGetValue(SourcePartition, out var p) && Headers.TryGetValue(SourceOffset, out var o)
        && int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var partition) && long.TryParse(o, System.Globalization.CultureInfo.InvariantCulture, out var offset)
            ? (t, partition, offset)
            : null;

    public string? Kind => Headers.TryGetValue(ErrorKind, out var k) && k.Length > 0 ? k : null;
}
