namespace Momentary.Samples.OfferConsumer;

/// <summary>
/// A stand-in for FCM/APNs that prints each notification. With <paramref name="onTap"/> it also plays the customer
/// tapping it at once (in an app the tap reaches the backend later, through its own API).
/// </summary>
public sealed class ConsolePushSender(TextWriter output, Func<OfferMessage, CancellationToken, Task>? onTap = null) : IPushSender
{
    public async Task PushAsync(OfferMessage offer, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"PUSH      {offer.CustomerId}: \"{offer.Message}\" (rule {offer.RuleId}, until {offer.ExpiresAt:HH:mm:ss}Z, {offer.OfferId})");
        if (onTap is not null)
        {
            await output.WriteLineAsync($"TAP       {offer.CustomerId} opens it: redeeming");
            await onTap(offer, cancellationToken);
        }
    }
}
