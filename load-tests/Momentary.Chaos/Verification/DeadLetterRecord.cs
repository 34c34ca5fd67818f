using System.Text;
using Confluent.Kafka;
using Momentary.Pipeline.Processing;

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

    /// <summary>
    /// Whether this dead letter faithfully stands for <paramref name="key"/> and <paramref name="value"/>: the same bytes,
    /// or (a value too large for the dead-letter topic) a truncation whose headers give the original's size and SHA-256.
    /// </summary>
    public bool Preserves(byte[]? key, byte[] value)
    {
        var sameKey = (Key ?? []).AsSpan().SequenceEqual(key ?? []) || Headers.ContainsKey(DeadLetters.OriginalKeySizeHeader);
        if (Value.AsSpan().SequenceEqual(value))
        {
            return sameKey;
        }

        return sameKey
            && Headers.TryGetValue(DeadLetters.TruncatedHeader, out var truncated) && truncated == "true"
            && Headers.TryGetValue(DeadLetters.OriginalSizeHeader, out var size) && size == value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && Headers.TryGetValue(DeadLetters.OriginalSha256Header, out var sha) && string.Equals(sha, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(value)), StringComparison.OrdinalIgnoreCase)
            && value.AsSpan().StartsWith(Value);
    }
}
