using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Momentary.Core.Messaging;

namespace Momentary.Pipeline.Processing;

/// <summary>
/// Builds dead-letter records: the original payload, key and headers, unchanged, with the reason and the source
/// position in headers, so a record can be inspected and replayed. Header values never contain payload data.
/// A dead letter always fits the producer's record limit: one that would not is truncated and says so in headers
/// (the original's size and SHA-256), because a dead letter the broker rejects fails the stream and the record
/// comes back after the restart, forever.
/// </summary>
public static class DeadLetters
{
    /// <summary>Why, as a stable kind (<c>malformed-json</c>, <c>invalid-field</c>, ...: docs/contracts.md).</summary>
    public const string ErrorKindHeader = "momentary.error.kind";

    /// <summary>Why, in words (never the record's data).</summary>
    public const string ErrorMessageHeader = "momentary.error.message";

    /// <summary>The topic the record was read from.</summary>
    public const string SourceTopicHeader = "momentary.source.topic";

    /// <summary>The partition the record was read from.</summary>
    public const string SourcePartitionHeader = "momentary.source.partition";

    /// <summary>The record's offset in its partition.</summary>
    public const string SourceOffsetHeader = "momentary.source.offset";

    /// <summary>When it was dead-lettered (ISO-8601, UTC).</summary>
    public const string DeadLetteredAtHeader = "momentary.dead-lettered-at";

    /// <summary><c>true</c> when the dead letter's value (or key) is not the original's in full.</summary>
    public const string TruncatedHeader = "momentary.truncated";

    /// <summary>The original value's size in bytes (on truncated dead letters).</summary>
    public const string OriginalSizeHeader = "momentary.original.size";

    /// <summary>The original value's SHA-256, lowercase hex (on truncated dead letters): finds the record in the source topic.</summary>
    public const string OriginalSha256Header = "momentary.original.sha256";

    /// <summary>The original key's size in UTF-8 bytes, when a key too long to keep was dropped.</summary>
    public const string OriginalKeySizeHeader = "momentary.original.key-size";

    /// <summary>Kind: the value is larger than <see cref="PipelineSettings.MaxSignalBytes"/>; it was not decoded.</summary>
    public const string Oversized = "oversized";

    /// <summary>Kind: the record key is absent or differs from the payload's <c>customerId</c>.</summary>
    public const string KeyMismatch = "key-mismatch";

    /// <summary>Kind: the signal's <c>ts</c> is older than <see cref="PipelineSettings.MaxSignalAge"/> by the processing clock.</summary>
    public const string Stale = "stale";

    /// <summary>Kind: an unexpected failure while decoding or processing one signal; the message names the exception type only.</summary>
    public const string ProcessingFailed = "processing-failed";

    /// <summary>Keys longer than this (UTF-8 bytes) are dropped from a dead letter that must shrink; a valid key is a customer id of at most 256 characters.</summary>
    public const int MaxKeptKeyBytes = 1024;

    // Per header: the record format's varint lengths and attributes; per record: its own framing. Generous on purpose.
    private const int HeaderOverhead = 16;
    private const int RecordOverhead = 128;

    /// <summary>A dead letter for <paramref name="source"/> within <see cref="PipelineSettings.DefaultMaxDeadLetterBytes"/>.</summary>
    public static OutboundRecord Create(string topic, InboundRecord source, string errorKind, string errorMessage, DateTimeOffset at) =>
        Create(topic, source, errorKind, errorMessage, at, PipelineSettings.DefaultMaxDeadLetterBytes);

    /// <summary>
    /// A dead letter for <paramref name="source"/> whose key, value and headers take at most <paramref name="maxRecordBytes"/>
    /// (a limit of a few KiB at least: the headers themselves are never cut).
    /// </summary>
    public static OutboundRecord Create(string topic, InboundRecord source, string errorKind, string errorMessage, DateTimeOffset at, int maxRecordBytes)
    {
        ArgumentNullException.ThrowIfNull(source);
        // The original headers first, unchanged (trace context, producers' own), then ours: a reader taking the last
        // header of a name finds ours even when a replayed dead letter comes back here.
        List<RecordHeader> headers =
        [
            .. source.Headers,
            Header(ErrorKindHeader, errorKind),
            Header(ErrorMessageHeader, errorMessage),
            Header(SourceTopicHeader, source.Topic),
            Header(SourcePartitionHeader, source.Partition.ToString(CultureInfo.InvariantCulture)),
            Header(SourceOffsetHeader, source.Offset.ToString(CultureInfo.InvariantCulture)),
            Header(DeadLetteredAtHeader, at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        ];
        var key = source.Key;
        var keyBytes = key is null ? 0 : Encoding.UTF8.GetByteCount(key);
        var value = source.Value.Span;
        if (RecordOverhead + keyBytes + value.Length + Size(headers) <= maxRecordBytes)
        {
            return new OutboundRecord(topic, key, value.ToArray(), headers);
        }

        headers.Add(Header(TruncatedHeader, "true"));
        headers.Add(Header(OriginalSizeHeader, value.Length.ToString(CultureInfo.InvariantCulture)));
        headers.Add(Header(OriginalSha256Header, Convert.ToHexStringLower(SHA256.HashData(value))));
        if (keyBytes > MaxKeptKeyBytes)
        {
            headers.Add(Header(OriginalKeySizeHeader, keyBytes.ToString(CultureInfo.InvariantCulture)));
            key = null;
            keyBytes = 0;
        }

        // Never throws, even for a limit too small for the headers alone (then the value is dropped entirely):
        // failing here would fail the stream, which is what the limit is for.
        var room = Math.Clamp(maxRecordBytes - RecordOverhead - keyBytes - Size(headers), 0, value.Length);
        return new OutboundRecord(topic, key, value[..room].ToArray(), headers);
    }

    private static int Size(List<RecordHeader> headers)
    {
        var size = 0;
        foreach (var h in headers)
        {
            size += HeaderOverhead + Encoding.UTF8.GetByteCount(h.Key) + h.Value.Length;
        }

        return size;
    }

    private static RecordHeader Header(string key, string value) => new(key, Encoding.UTF8.GetBytes(value));
}
