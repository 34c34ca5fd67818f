using System.Globalization;
using System.Text;
using Momentary.Chaos.Worlds;
using Momentary.City;
using Momentary.Core.Offers;
using Momentary.Core.Signals;

namespace Momentary.Chaos.Input;

/// <summary>
/// Builds the seeded input from the city's <see cref="SignalGenerator"/>: each signal routed by kind to its topic,
/// keyed by customer id, its Kafka timestamp its event time; plus a share of redemptions of offers the city's
/// rules could have issued. Event times are spaced evenly and end at <c>end</c>, which the caller sets at or
/// before the first produce, so no signal is ever ahead of the engine's clock (it would be clamped, and replays
/// could then differ).
/// </summary>
internal static class InputBuilder
{
    /// <summary>Event time between consecutive signals: 2,000 customers then ping about every 20 s each.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(10);

    public static ChaosInput Build(CityModel city, int signals, int seed, DateTimeOffset end, double redemptionShare = 0.02)
    {
        var generator = new SignalGenerator(city, seedOffset: seed);
        var rng = new Random(seed);
        var first = DateTimeOffset.FromUnixTimeMilliseconds(end.ToUnixTimeMilliseconds()) - (Spacing * signals);
        var records = new List<InputRecord>(signals);
        var checkIns = new StringBuilder();
        var lastSignal = new Dictionary<int, string>();
        for (var i = 0; i < signals; i++)
        {
            var ts = first + (Spacing * i);
            Signal signal;
            SignalTopic topic;
            var who = rng.Next(city.Customers.Count);
            if (rng.NextDouble() < redemptionShare && lastSignal.TryGetValue(who, out var earlier))
            {
                var customer = city.Customers[who];
                var rule = $"{customer.Segment}-welcome";
                signal = new CommerceEvent
                {
                    Id = $"r{i:x}",
                    CustomerId = customer.Id,
                    Timestamp = ts,
                    Action = CommerceAction.Redemption,
                    OfferId = OfferIds.Create(rule, customer.Id, earlier),
                    RuleId = rule,
                    Category = customer.Segment,
                };
                topic = SignalTopic.Redemptions;
            }
            else
            {
                signal = generator.Next(ts);
                topic = signal switch
                {
                    LocationPing => SignalTopic.Location,
                    WearableReading => SignalTopic.Wearable,
                    SocialEvent => SignalTopic.Social,
                    _ => SignalTopic.Commerce,
                };
                if (signal is SocialEvent { Action: SocialAction.CheckIn, VenueId: { } venue })
                {
                    checkIns.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"checkin\",\"customerId\":\"{signal.CustomerId}\",\"venueId\":\"{venue}\",\"at\":\"{ts.UtcDateTime:O}\"}}").Append('\n');
                }
            }

            lastSignal[IndexOf(signal.CustomerId)] = signal.Id;
            records.Add(new InputRecord(i, topic, Encoding.UTF8.GetBytes(signal.CustomerId), SignalCodec.Encode(signal), ts, null));
        }

        return new ChaosInput(records, checkIns.ToString());
    }

    // Customer ids are "c" + a zero-padded index (CityModel).
    private static int IndexOf(string customerId) => int.Parse(customerId.AsSpan(1), CultureInfo.InvariantCulture);
}
