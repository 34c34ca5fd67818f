using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Pipeline.Processing;

using Momentary.Pipeline.Tests.Support;

namespace Momentary.Pipeline.Tests.Processing;

/// <summary>
/// The referrer rewarded: a purchase through a referral code credits the sharer and tells the sharer's own task with a
/// referral-credit signal; that signal sends the sharer a notice with their earnings — once, however often either is replayed.
/// </summary>
public sealed class ReferralCreditProcessingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Rules = """
        version: 1
        rules:
          - id: thanks
            trigger: { referralCredit: { atLeast: 1 } }
            offer: { message: "you earned {credited} ({earnings} this month)", validFor: 7d }
            caps: { perCustomer: 5, window: 1d }
        """;

    private readonly InMemoryContextStore _store = new();
    private readonly SignalProcessor _processor;

    public ReferralCreditProcessingTests()
    {
        _processor = VenuelessProcessor.Create(Rules, _store, new FakeTimeProvider(Now));
    }

    [Fact]
    public async Task PurchaseThroughACode_WritesTheSharersCreditSignal_KeyedByTheSharer_AgainOnReplay()
    {
        var code = await ShareAsync();
        var purchase = new CommerceEvent { Id = "buy-1", CustomerId = "amy", Timestamp = Now, Action = CommerceAction.Purchase, Price = 80m, Currency = "EUR", ReferralCode = code };

        var first = await Process(purchase);
        var replay = await Process(purchase);

        var notice = Assert.Single(first.Outbound);
        Assert.Equal((TopicNames.Commerce, "jane"), (notice.Topic, notice.Key));
        Assert.True(SignalCodec.TryDecode(notice.Value, out var signal, out _));
        var credit = Assert.IsType<CommerceEvent>(signal);
        Assert.Equal(("rc-buy-1", "jane", CommerceAction.ReferralCredit, 4.00m, code), (credit.Id, credit.CustomerId, credit.Action, credit.Price, credit.ReferralCode));
        Assert.Equal(notice.Value.ToArray(), Assert.Single(replay.Outbound).Value.ToArray()); // the crash-replay case: the notice is not lost
        Assert.Equal(4.00m, await _store.LoadReferralEarningsAsync("jane", "2026-12")); // credited once
    }

    [Fact]
    public async Task CreditSignal_SendsTheSharerOneNoticeWithTheirEarnings_AndNotBelowTheThreshold()
    {
        var code = await ShareAsync();
        var big = (await Process(new CommerceEvent { Id = "buy-2", CustomerId = "amy", Timestamp = Now, Action = CommerceAction.Purchase, Price = 100m, Currency = "EUR", ReferralCode = code })).Outbound[0];
        var small = (await Process(new CommerceEvent { Id = "buy-3", CustomerId = "amy", Timestamp = Now.AddMinutes(5), Action = CommerceAction.Purchase, Price = 10m, Currency = "EUR", ReferralCode = code })).Outbound[0];

        var notice = await _processor.ProcessAsync(new InboundRecord(TopicNames.Commerce, 0, 10, "jane", big.Value, Now));
        var again = await _processor.ProcessAsync(new InboundRecord(TopicNames.Commerce, 0, 10, "jane", big.Value, Now));
        var quiet = await _processor.ProcessAsync(new InboundRecord(TopicNames.Commerce, 0, 11, "jane", small.Value, Now));

        var offer = Assert.Single(notice.Offers);
        // The month's total is read when the sharer's task processes the notice: both credits are in by then.
        Assert.Equal("you earned 5.00 EUR (5.50 EUR this month)", offer.Message);
        Assert.Equal(new Core.Offers.OfferEarnings(5.00m, 5.50m, "2026-12", "EUR"), offer.Earnings);
        Assert.Equal(offer.OfferId, Assert.Single(again.Offers).OfferId); // a replayed credit signal: the same offer, deduplicable
        Assert.Empty(quiet.Offers); // 0.50 credited: under atLeast 1
    }

    private async Task<string> ShareAsync()
    {
        await _store.UpsertProfileAsync(new CustomerProfile { CustomerId = "jane" });
        await _store.UpsertProfileAsync(new CustomerProfile { CustomerId = "amy" });
        var code = Referrals.Code("jane", "p-9");
        await _store.RegisterReferralAsync(new ReferralLink(code, "jane", 5m, Now.AddDays(30)));
        return code;
    }

    private Task<SignalOutcome> Process(Signal signal) => _processor.ProcessEncodedAsync(signal);
}
