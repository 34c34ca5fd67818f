using Confluent.Kafka;

namespace Momentary.Samples.OfferConsumer;

/// <summary>
/// Reads momentary.offers.v1 in a consumer group and hands each offer to the push channel once: replays (same offerId)
/// are dropped, and so are offers past expiresAt. At-least-once: an offset is stored only after its offer was handled,
/// so a crash re-reads what was in flight and <see cref="RecentOffers"/> drops what was already pushed.
/// </summary>
public sealed class OfferConsumer(OfferConsumerSettings settings, IPushSender push, TimeProvider time, TextWriter output)
{
    private readonly RecentOffers _recent = new(settings.RecentOffers);
    private long _received;
    private long _pushed;
    private long _duplicates;
    private long _expired;
    private long _unreadable;

    public long Received => Interlocked.Read(ref _received);

    public long Pushed => Interlocked.Read(ref _pushed);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Expired => Interlocked.Read(ref _expired);

    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <summary>Consumes until <paramref name="cancellationToken"/> is cancelled, then leaves the group cleanly.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = settings.BootstrapServers,
            GroupId = settings.GroupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // Commit in the background, but only offsets stored after handling: nothing is skipped by a crash.
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            // Offers of an exactly-once engine become visible when their transaction commits (docs/delivery.md).
            IsolationLevel = IsolationLevel.ReadCommitted,
            SessionTimeoutMs = settings.SessionTimeoutMs,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        consumer.Subscribe(settings.OfferTopic);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result?.Message is null)
                {
                    continue;
                }

                HandleAsync(result.Message.Value, cancellationToken).GetAwaiter().GetResult();
                consumer.StoreOffset(result);
            }
        }
        finally
        {
            consumer.Close(); // commits the stored offsets and leaves the group at once
        }
    }

    /// <summary>One offer record: drop it if unreadable, expired or already pushed; otherwise push it and remember its id.</summary>
    public async Task HandleAsync(byte[] value, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _received);
        var offer = OfferMessage.TryRead(value);
        if (offer is null)
        {
            Interlocked.Increment(ref _unreadable);
            await output.WriteLineAsync("SKIPPED   a record that is not a momentary.offer.v1 offer");
            return;
        }

        var now = time.GetUtcNow();
        if (offer.ExpiresAt <= now)
        {
            Interlocked.Increment(ref _expired);
            await output.WriteLineAsync($"EXPIRED   {offer.OfferId} ended {offer.ExpiresAt:u}: not pushed");
            return;
        }

        if (_recent.Contains(offer.OfferId, now))
        {
            Interlocked.Increment(ref _duplicates);
            await output.WriteLineAsync($"DUPLICATE {offer.OfferId}: already pushed");
            return;
        }

        await push.PushAsync(offer, cancellationToken);
        _recent.Add(offer.OfferId, offer.ExpiresAt, now);
        Interlocked.Increment(ref _pushed);
    }
}
