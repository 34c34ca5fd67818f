using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Pipeline.Processing;

using Momentary.Pipeline.Tests.Support;

namespace Momentary.Pipeline.Tests.Processing;

/// <summary>Holdout recording, redemption feedback and conversion attribution through the production processor.</summary>
public sealed class FeedbackProcessingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    private const string Rules = """
        version: 1
        settings: { maxOffersPerCustomerPerHour: 100 }
        rules:
          - id: aurora-friends
            trigger: { sedentary: { minutes: 50 } }
            offer: { message: m, percent: 20, validFor: 3h, category: fashion }
            holdout: 5%
            caps: { perCustomer: 1, window: 1d }
        """;

    private readonly InMemoryContextStore _store = new();
    private readonly SignalProcessor _processor;

    public FeedbackProcessingTests()
    {
        _processor = VenuelessProcessor.Create(Rules, _store, new FakeTimeProvider(Now));
    }

    [Fact]
    public async Task HeldOutCustomer_GetsNoOffer_ItIsRecordedOnTheControlTopic_AndNoCapIsSpent()
    {
        await Profile("ted"); // bucket 247 < 500: control

        var outcome = await Process(new WearableReading { Id = "w1", CustomerId = "ted", Timestamp = Now, SedentaryMinutes = 55 });

        Assert.Empty(outcome.Offers);
        var record = Assert.Single(outcome.Outbound);
        Assert.Equal("momentary.control.v1", record.Topic);
        var wouldBe = OfferCodec.DecodeControl(record.Value); // same shape as an offer, under the control schema
        Assert.Throws<System.Text.Json.JsonException>(() => OfferCodec.Decode(record.Value)); // never mistaken for an offer
        Assert.Equal(("aurora-friends", "ted", "fashion"), (wouldBe.RuleId, wouldBe.CustomerId, wouldBe.Category));
        Assert.Equal(new RuleDecision("aurora-friends", RuleDecisionKind.HeldOut), Assert.Single(outcome.Decisions));
        var reservation = await _store.ReserveAsync(new OfferReservation("probe", "ted", "aurora-friends", Now, new CapPolicy(1, TimeSpan.FromDays(1))));
        Assert.True(reservation.Granted); // the control decision spent nothing

        // A fashion purchase while the would-be offer is open is a control conversion.
        var purchase = await Process(new CommerceEvent { Id = "b1", CustomerId = "ted", Timestamp = Now.AddHours(1), Action = CommerceAction.Purchase, Category = "fashion", Price = 40 });
        Assert.Equal(new RuleDecision("aurora-friends", RuleDecisionKind.Converted, "control"), Assert.Single(purchase.Decisions));
    }

    [Fact]
    public async Task Redemption_RaisesThePropensityOfItsCategory_AndIssuedOffersLowerItUntilRedeemed()
    {
        await Profile("jane"); // bucket 540: treatment
        var issued = Assert.Single((await Process(new WearableReading { Id = "w1", CustomerId = "jane", Timestamp = Now, SedentaryMinutes = 55 })).Offers);
        var afterOffer = (await Load("jane")).State.PropensityFor("fashion", Now);
        Assert.Equal(1.0 / 5, afterOffer, 9); // (0+1)/(1+4)

        var redemption = await Process(new CommerceEvent { Id = "r1", CustomerId = "jane", Timestamp = Now.AddMinutes(30), Action = CommerceAction.Redemption, OfferId = issued.OfferId, RuleId = "aurora-friends" });

        // Named by its offer id: attributed to that offer, whose first conversion it is.
        Assert.Equal([new RuleDecision("aurora-friends", RuleDecisionKind.Redeemed, "offer"), new RuleDecision("aurora-friends", RuleDecisionKind.Converted, "treatment")], redemption.Decisions);
        Assert.Equal((AttributionMethod.Offer, issued.OfferId), (redemption.Redemption!.Method, redemption.Redemption.OfferId));
        Assert.Equal(2.0 / 5, (await Load("jane")).State.PropensityFor("fashion", Now.AddMinutes(30)), 3); // category found from the open exposure
    }

    [Fact]
    public async Task Purchase_LearnsTheRoutine_AndReplayingItChangesNothing()
    {
        await Profile("jane");
        var buy1 = new CommerceEvent { Id = "g1", CustomerId = "jane", Timestamp = Now.AddDays(-14), Action = CommerceAction.Purchase, Category = "grocery", Price = 50 };
        var buy2 = buy1 with { Id = "g2", Timestamp = Now.AddDays(-7) };
        await Process(buy1);
        await Process(buy2);
        await Process(buy2);

        var routine = (await Load("jane")).State.Routines["grocery"];
        Assert.Equal((2, 168.0, Now.AddDays(-7)), (routine.Purchases, routine.MeanIntervalHours, routine.LastPurchase));
    }

    private Task<CustomerContext> Load(string customer) => _store.LoadAsync(new ContextQuery(customer, [], TimeSpan.Zero, Now)).AsTask();

    private Task Profile(string customer) => _store.UpsertProfileAsync(new CustomerProfile { CustomerId = customer }).AsTask();

    private Task<SignalOutcome> Process(Signal signal) => _processor.ProcessEncodedAsync(signal);
}
