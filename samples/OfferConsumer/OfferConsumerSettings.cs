namespace Momentary.Samples.OfferConsumer;

/// <summary>Where to read offers and write redemptions.</summary>
public sealed record OfferConsumerSettings
{
    public required string BootstrapServers { get; init; }

    /// <summary>The consumer group: run more instances with the same group to share the partitions.</summary>
    public string GroupId { get; init; } = "momentary-sample-push";

    public string OfferTopic { get; init; } = "momentary.offers.v1";

    public string RedemptionTopic { get; init; } = "momentary.redemptions.v1";

    /// <summary>Offer ids remembered for de-duplication (see <see cref="RecentOffers"/>).</summary>
    public int RecentOffers { get; init; } = 100_000;

    public int SessionTimeoutMs { get; init; } = 10_000;
}
