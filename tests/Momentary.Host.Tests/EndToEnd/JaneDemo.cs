using Momentary.Core.Context;
using Momentary.Host.Demo;

namespace Momentary.Host.Tests.EndToEnd;

/// <summary>The demo's walk over a store, asserted the same way whichever Redis deployment holds the context.</summary>
internal static class JaneDemo
{
    /// <summary>Runs the demo on <paramref name="store"/>: exactly one offer, for Jane; none for the walker without consent or with too few friends.</summary>
    public static async Task EmitsExactlyJanesOfferAsync(ICustomerContextStore store, string storeName)
    {
        using var output = new StringWriter();

        var exit = await new DemoRunner(output, TimeProvider.System).RunAsync(store, storeName, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("OFFER     jane: \"20% off at Aurora, valid 3 hours\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFER     sam", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFER     tom", text, StringComparison.Ordinal);
        Assert.Contains("why: 3 friends visited in 14 days", text, StringComparison.Ordinal);
        Assert.Contains("12 signals processed, 1 offer(s)", text, StringComparison.Ordinal);
    }
}
