using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;

namespace Momentary.Samples.OfferConsumer;

/// <summary>
/// Tells Momentary an offer was used: a redemption (contracts/redemption.v1.schema.json) to momentary.redemptions.v1,
/// keyed by the customer id like every signal, with the record timestamp set to the tap. Its id is derived from the
/// offer id, so a second tap on the same offer is the same signal.
/// </summary>
public sealed class Redeemer(IProducer<string, string> producer, string topic, TimeProvider time, TextWriter output)
{
    public async Task RedeemAsync(OfferMessage offer, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var redemption = new Dictionary<string, object?>
        {
            ["v"] = 1,
            ["kind"] = "commerce",
            ["id"] = "red-" + offer.OfferId,
            ["customerId"] = offer.CustomerId,
            ["ts"] = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["action"] = "redemption",
            ["offerId"] = offer.OfferId,
            ["ruleId"] = offer.RuleId,
            ["category"] = offer.Category,
        };
        var message = new Message<string, string> { Key = offer.CustomerId, Value = JsonSerializer.Serialize(redemption), Timestamp = new Timestamp(at) };
        var delivered = await producer.ProduceAsync(topic, message, cancellationToken);
        await output.WriteLineAsync($"REDEEMED  {offer.OfferId} -> {delivered.TopicPartitionOffset}");
    }
}
