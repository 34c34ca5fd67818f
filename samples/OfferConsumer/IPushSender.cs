namespace Momentary.Samples.OfferConsumer;

/// <summary>The push channel (FCM, APNs, ...): delivers one offer to the customer's devices.</summary>
public interface IPushSender
{
    /// <summary>Sends the notification; throws when it could not be handed to the channel (the offer is then not marked as pushed).</summary>
    Task PushAsync(OfferMessage offer, CancellationToken cancellationToken);
}
