using System.Globalization;
using System.Text;
using Momentary.Core.Messaging;

namespace Momentary.Pipeline.Processing;

/// <summary>
/// Builds dead-letter records: the original payload and key, unchanged, with the reason and the source
/// position in headers, so a record can be inspected and replayed. Header values never contain payload data.
/// </summary>
public static class DeadLetters
{
    public const string ErrorKindHeader = "momentary.error.kind";
    public const string ErrorMessageHeader = "momentary.error.message";
    public const string SourceTopicHeader = "momentary.source.topic";
    public const string SourcePartitionHeader = "momentary.source.partition";
    public const string SourceOffsetHeader = "momentary.source.offset";
    public const string DeadLetteredAtHeader = "momentary.dead-lettered-at";

    /// <summary>A dead letter for <paramref name="source"/>.</summary>
    public static OutboundRecord Create(string topic, InboundRecord source, string errorKind, string errorMessage, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(source);
        RecordHeader[] headers =
        [
            Header(ErrorKindHeader, errorKind),
            Header(ErrorMessageHeader, errorMessage),
            Header(SourceTopicHeader, source.Topic),
            Header(SourcePartitionHeader, source.Partition.ToString(CultureInfo.InvariantCulture)),
            Header(SourceOffsetHeader, source.Offset.ToString(CultureInfo.InvariantCulture)),
            Header(DeadLetteredAtHeader, at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        ];
        return new OutboundRecord(topic, source.Key, source.Value.ToArray(), headers);
    }

    private static RecordHeader Header(string key, string value) => new(key, Encoding.UTF8.GetBytes(value));
}
