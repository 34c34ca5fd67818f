using Momentary.Core.Context;
using Momentary.Host.Commands;

namespace Momentary.Host.Tests.Commands;

/// <summary><c>momentary referrals --customer</c>: the sharer's statement, as text and as JSON, never naming who bought.</summary>
public sealed class ReferralsCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Statement_ListsMonthsAndCreditedPurchases_WithoutTheBuyers()
    {
        var store = await StoreWithCreditsAsync();
        var output = new StringWriter { NewLine = "\n" };

        var code = await ReferralsCommand.StatementAsync(store, "jane", json: false, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(
            "referral statement of jane: 2 credited purchase(s)\n" +
            "2026-11  earned       4.00\n" +
            "2026-12  earned       1.50\n" +
            "  2026-11-24 11:00Z  purchase buy-1  +4.00\n" +
            "  2026-12-02 09:00Z  purchase buy-2  +1.50\n",
            output.ToString());
        Assert.DoesNotContain("amy", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statement_AsJson_IsOneObjectAnAppOrASupportToolCanRead()
    {
        var store = await StoreWithCreditsAsync();
        var output = new StringWriter();

        await ReferralsCommand.StatementAsync(store, "jane", json: true, output, TextWriter.Null, CancellationToken.None);

        using var doc = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal("jane", doc.RootElement.GetProperty("customerId").GetString());
        Assert.Equal(1.50m, doc.RootElement.GetProperty("months")[1].GetProperty("earnings").GetDecimal());
        Assert.Equal("buy-2", doc.RootElement.GetProperty("credits")[1].GetProperty("purchaseId").GetString());
    }

    private static async Task<InMemoryContextStore> StoreWithCreditsAsync()
    {
        var store = new InMemoryContextStore();
        var code = Referrals.Code("jane", "p-1");
        await store.RegisterReferralAsync(new ReferralLink(code, "jane", 5m, Now.AddDays(60)));
        await store.CreditReferralAsync(code, "amy", "buy-1", 80m, Now.AddHours(1));
        await store.CreditReferralAsync(code, "amy", "buy-2", 30m, Now.AddDays(8).AddHours(-1));
        return store;
    }
}
