using System.Globalization;
using System.Text.Json;
using Momentary.Core.Messaging;

namespace Momentary.Core.Offers;

/// <summary>Writes and reads offer contract v1 JSON (<c>docs/contracts.md</c>).</summary>
public static class OfferCodec
{
    /// <summary>The value of the <c>schema</c> property of every v1 offer.</summary>
    public const string Schema = "momentary.offer.v1";

    // Readable UTF-8 (no \u escapes for accents or '<'): offers are JSON for apps, never embedded raw in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Schema of a control-group record: the offer a held-out customer would have received, never shown to them.</summary>
    public const string ControlSchema = "momentary.control.v1";

    /// <summary>Encodes an offer as UTF-8 JSON.</summary>
    public static byte[] Encode(Offer offer) => Encode(offer, Schema);

    /// <summary>Encodes the offer a held-out customer would have received, as a <see cref="ControlSchema"/> record.</summary>
    public static byte[] EncodeControl(Offer offer) => Encode(offer, ControlSchema);

    /// <summary>Writes an offer as contract v1 JSON.</summary>
    public static void Write(Utf8JsonWriter w, Offer offer) => Write(w, offer, Schema);

    private static byte[] Encode(Offer offer, string schema) =>
        JsonEncoding.Encode((offer, schema), static (w, x) => Write(w, x.offer, x.schema), WriterOptions);

    private static void Write(Utf8JsonWriter w, Offer offer, string schema)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(offer);
        w.WriteStartObject();
        w.WriteString("schema", schema);
        w.WriteString("offerId", offer.OfferId);
        w.WriteString("customerId", offer.CustomerId);
        w.WriteString("ruleId", offer.RuleId);
        if (offer.VenueId is not null)
        {
            w.WriteString("venueId", offer.VenueId);
        }

        w.WriteString("message", offer.Message);
        w.WriteStartObject("discount");
        w.WriteString("kind", offer.Discount.KindName);
        w.WriteNumber("value", offer.Discount.Value);
        if (offer.Discount.Currency is not null)
        {
            w.WriteString("currency", offer.Discount.Currency);
        }

        w.WriteEndObject();
        w.WriteBoolean("stackable", offer.Stackable);
        w.WriteString("issuedAt", Format(offer.IssuedAt));
        w.WriteString("expiresAt", Format(offer.ExpiresAt));
        w.WriteString("signalId", offer.SignalId);
        if (offer.Category is not null)
        {
            w.WriteString("category", offer.Category);
        }

        if (offer.ReferralCode is not null)
        {
            w.WriteString("referralCode", offer.ReferralCode);
        }

        if (offer.Variant is not null)
        {
            w.WriteString("variant", offer.Variant);
        }

        if (offer.Earnings is { } earnings)
        {
            w.WriteStartObject("earnings");
            w.WriteNumber("credited", earnings.Credited + 0.00m); // money with two decimals: 4.00, not 4
            w.WriteNumber("monthToDate", earnings.MonthToDate + 0.00m);
            w.WriteString("month", earnings.Month);
            w.WriteString("currency", earnings.Currency);
            w.WriteEndObject();
        }

        w.WriteStartObject("explanation");
        w.WriteString("trigger", offer.Explanation.Trigger);
        w.WriteString("summary", offer.Explanation.Summary);
        w.WriteStartArray("facts");
        foreach (var fact in offer.Explanation.Facts)
        {
            w.WriteStartObject();
            w.WriteString("name", fact.Name);
            w.WriteString("value", fact.Value);
            if (fact.Requirement is not null)
            {
                w.WriteString("requirement", fact.Requirement);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Decodes an offer (used by readers of the offer topic: the demo, tests, load tests).</summary>
    /// <exception cref="JsonException">The payload is not a v1 offer.</exception>
    public static Offer Decode(ReadOnlySpan<byte> utf8) => Decode(utf8, Schema);

    /// <summary>Decodes a control-group record (the would-be offer of a held-out customer).</summary>
    /// <exception cref="JsonException">The payload is not a control record.</exception>
    public static Offer DecodeControl(ReadOnlySpan<byte> utf8) => Decode(utf8, ControlSchema);

    private static Offer Decode(ReadOnlySpan<byte> utf8, string schema)
    {
        using var doc = JsonDocument.Parse(utf8.ToArray());
        var root = doc.RootElement;
        if (root.GetProperty("schema").GetString() != schema)
        {
            throw new JsonException($"not a {schema} payload");
        }

        var d = root.GetProperty("discount");
        var kind = d.GetProperty("kind").GetString() switch
        {
            "percent" => DiscountKind.Percent,
            "amount" => DiscountKind.Amount,
            "price-match" => DiscountKind.PriceMatch,
            _ => DiscountKind.None,
        };
        var e = root.GetProperty("explanation");
        var facts = new List<ExplanationFact>();
        foreach (var f in e.GetProperty("facts").EnumerateArray())
        {
            facts.Add(new ExplanationFact(
                f.GetProperty("name").GetString()!,
                f.GetProperty("value").GetString()!,
                f.TryGetProperty("requirement", out var r) ? r.GetString() : null));
        }

        return new Offer
        {
            OfferId = root.GetProperty("offerId").GetString()!,
            CustomerId = root.GetProperty("customerId").GetString()!,
            RuleId = root.GetProperty("ruleId").GetString()!,
            VenueId = root.TryGetProperty("venueId", out var v) ? v.GetString() : null,
            Message = root.GetProperty("message").GetString()!,
            Discount = new Discount(kind, d.GetProperty("value").GetDecimal(), d.TryGetProperty("currency", out var c) ? c.GetString() : null),
            Stackable = root.TryGetProperty("stackable", out var s) && s.GetBoolean(),
            IssuedAt = root.GetProperty("issuedAt").GetDateTimeOffset(),
            ExpiresAt = root.GetProperty("expiresAt").GetDateTimeOffset(),
            SignalId = root.GetProperty("signalId").GetString()!,
            Category = root.TryGetProperty("category", out var cat) ? cat.GetString() : null,
            ReferralCode = root.TryGetProperty("referralCode", out var rc) ? rc.GetString() : null,
            Variant = root.TryGetProperty("variant", out var va) ? va.GetString() : null,
            Earnings = root.TryGetProperty("earnings", out var ea)
                ? new OfferEarnings(ea.GetProperty("credited").GetDecimal(), ea.GetProperty("monthToDate").GetDecimal(), ea.GetProperty("month").GetString()!, ea.GetProperty("currency").GetString()!)
                : null,
            Explanation = new OfferExplanation(e.GetProperty("trigger").GetString()!, e.GetProperty("summary").GetString()!, facts),
        };
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
