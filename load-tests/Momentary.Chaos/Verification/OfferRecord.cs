using System.Text.Json;
using Confluent.Kafka;

namespace Momentary.Chaos.Verification;

/// <summary>An offer (or control-group decision) as read back from Kafka: the fields the checks need and the exact bytes.</summary>
internal sealed record OfferRecord(string OfferId, string CustomerId, string RuleId, DateTimeOffset RecordTime, byte[] Value, int Partition, long Offset)
{
    /// <summary>Parses an offer record; null when it is not an offer at all (counted as unexpected by the caller).</summary>
    public static OfferRecord? From(ConsumeResult<byte[], byte[]> record)
    {
        try
        {
            using var doc = JsonDocument.Parse(record.Message.Value);
            var root = doc.RootElement;
            return new OfferRecord(
                root.GetProperty("offerId").GetString()!,
                root.GetProperty("customerId").GetString()!,
                root.GetProperty("ruleId").GetString()!,
                record.Message.Timestamp.UtcDateTime,
                record.Message.Value,
                record.Partition.Value,
                record.Offset.Value);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
