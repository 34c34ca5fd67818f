using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Pipeline.Processing;

using Momentary.Pipeline.Tests.Support;

namespace Momentary.Pipeline.Tests.Processing;

/// <summary>Why a signal issued no offer, as the production processor reports it (outcome and metric label).</summary>
public sealed class NoOfferReasonTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero); // 09:30 UTC

    private const string Rules = """
        version: 1
        settings: { maxOffersPerCustomerPerHour: 100 }
        rules:
          - id: quiet
            trigger: { sedentary: { minutes: 50 } }
            when: { consent: offers, quietHours: { from: "09:00", to: "10:00" } }
            offer: { message: m, percent: 10, validFor: 1h }
          - id: vip
            trigger: { sedentary: { minutes: 50 } }
            when: { consent: offers, segments: [vip] }
            offer: { message: m, percent: 10, validFor: 1h }
          - id: long-sit
            trigger: { sedentary: { minutes: 120 } }
            when: { consent: offers }
            offer: { message: m, percent: 10, validFor: 1h }
            caps: { perCustomer: 1, window: 1d }
        """;

    private readonly InMemoryContextStore _store = new();
    private readonly SignalProcessor _processor;

    public NoOfferReasonTests()
    {
        _processor = VenuelessProcessor.Create(Rules, _store, new Clock());
    }

    [Fact]
    public async Task UnknownCustomer_NoProfile()
    {
        Assert.Equal(NoOfferReason.NoProfile, (await Sit("stranger", 55)).Reason);
    }

    [Fact]
    public async Task NoTriggerFires_NoRuleMatched()
    {
        await Profile("ann", consent: true);
        Assert.Equal(NoOfferReason.NoRuleMatched, (await Sit("ann", 10)).Reason);
    }

    [Fact]
    public async Task NoConsent_Consent()
    {
        await Profile("bob", consent: false);
        Assert.Equal(NoOfferReason.Consent, (await Sit("bob", 55)).Reason);
    }

    [Fact]
    public async Task QuietHoursAndMissingSegment_TheFurthestRuleGotReportsQuietHours()
    {
        await Profile("cat", consent: true);
        var outcome = await Sit("cat", 55);

        Assert.Equal(SignalOutcomeKind.NoOffer, outcome.Kind);
        Assert.Equal(NoOfferReason.QuietHours, outcome.Reason); // quiet hours are checked after segments
        Assert.Equal("quiet-hours", NoOfferReasons.Name(outcome.Reason));
    }

    [Fact]
    public async Task SignalOlderThanFreshFor_Stale()
    {
        await Profile("dan", consent: true);
        Assert.Equal(NoOfferReason.Stale, (await Sit("dan", 55, Now.AddMinutes(-10))).Reason);
    }

    [Fact]
    public async Task SecondOfferWithinTheCap_CustomerCap_TheFirstHasNoReason()
    {
        await Profile("eve", consent: true);
        var first = await Sit("eve", 130);
        var second = await Sit("eve", 131);

        Assert.Equal((SignalOutcomeKind.Offers, NoOfferReason.None), (first.Kind, first.Reason));
        Assert.Equal((SignalOutcomeKind.NoOffer, NoOfferReason.CustomerCap), (second.Kind, second.Reason));
        Assert.Equal("customer-cap", NoOfferReasons.Name(second.Reason));
    }

    private Task Profile(string customer, bool consent) =>
        _store.UpsertProfileAsync(new CustomerProfile { CustomerId = customer, Consent = new Dictionary<string, bool> { ["offers"] = consent } }).AsTask();

    private async Task<SignalOutcome> Sit(string customer, int minutes, DateTimeOffset? at = null)
    {
        var reading = new WearableReading { Id = $"w-{customer}-{minutes}", CustomerId = customer, Timestamp = at ?? Now, SedentaryMinutes = minutes };
        return await _processor.ProcessAsync(new InboundRecord("t", 0, 0, customer, SignalCodec.Encode(reading), reading.Timestamp));
    }

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
