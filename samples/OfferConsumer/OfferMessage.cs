using System.Text.Json;

namespace Momentary.Samples.OfferConsumer;

/// <summary>
/// The part of an offer (contracts/offer.v1.schema.json) a push backend needs. Unknown properties are ignored: additions
/// within v1 are backwards compatible.
/// </summary>
public sealed record OfferMessage(
    string Schema,
    string OfferId,
    string CustomerId,
    string RuleId,
    string Message,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string? VenueId = null,
    string? Category = null)
{
    /// <summary>The only payload schema this reader understands.</summary>
    public const string SchemaV1 = "momentary.offer.v1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The offer in <paramref name="value"/>, or <c>null</c> when it is not a v1 offer.</summary>
    public static OfferMessage? TryRead(byte[] value)
    {
        try
        {
            var offer = JsonSerializer.Deserialize<OfferMessage>(value, Json);
            return offer is { Schema: SchemaV1, OfferId.Length: > 0, CustomerId.Length: > 0 } ? offer : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
