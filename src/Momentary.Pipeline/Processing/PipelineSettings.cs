using Momentary.Core.Messaging;

namespace Momentary.Pipeline.Processing;

/// <summary>Immutable settings the hot path reads; bound once from options at start-up.</summary>
public sealed record PipelineSettings
{
    /// <summary>Topic offers are produced to. Default <c>momentary.offers.v1</c>.</summary>
    public string OfferTopic { get; init; } = TopicNames.Offers;

    /// <summary>Topic undecodable or unprocessable signals are produced to, with the reason in headers. Default <c>momentary.deadletter.v1</c>.</summary>
    public string DeadLetterTopic { get; init; } = TopicNames.DeadLetters;

    /// <summary>
    /// Topic held-out (control group) decisions are produced to: the would-be offer under schema
    /// <c>momentary.control.v1</c>, so lift can be measured against the offers topic. Default <c>momentary.control.v1</c>.
    /// </summary>
    public string ControlTopic { get; init; } = TopicNames.Control;

    /// <summary>
    /// Topic the engine writes a sharer's <c>referral-credit</c> signal to when a friend's purchase through their link
    /// credits them, keyed by the sharer so it reaches their own task. It must be one of the signal topics the engine
    /// reads. Default <c>momentary.signals.commerce.v1</c>.
    /// </summary>
    public string ReferralCreditTopic { get; init; } = TopicNames.Commerce;

    /// <summary>
    /// Signals taken from a busy partition as one batch and processed concurrently (different customers overlap; one
    /// customer never races). An idle partition forms batches of one. Default 64: in the harness 64 sustained about
    /// 25% more than 16 (docs/performance.md).
    /// </summary>
    public int ParallelismPerPartition { get; init; } = 64;

    /// <summary>
    /// Whether the graph flushes buffered state after every batch, before the batch's outcomes move on (default true).
    /// False: whoever stores the outcomes' offsets flushes first — the engine's committer, every
    /// <c>StateFlushInterval</c> — so a customer's writes within that interval coalesce into one, and a stored
    /// offset still never runs ahead of the stored state (docs/context-store.md, "Write-behind across batches").
    /// Offers are produced as soon as their batch is processed either way. Set false only with such a committer.
    /// </summary>
    public bool FlushStateEachBatch { get; init; } = true;

    /// <summary>
    /// How long a customer's last position is kept for their friends' "friend nearby" context. Only customers who
    /// consented to the purpose <c>friends-location</c> are recorded. Default 15 minutes; zero disables it.
    /// </summary>
    public TimeSpan FriendPositionTtl { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a friend's check-in counts toward "friends visited" at most. Default 30 days; rules may look back less.</summary>
    public TimeSpan CheckInRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The default of <see cref="MaxDeadLetterBytes"/>: 900,000 bytes.</summary>
    public const int DefaultMaxDeadLetterBytes = 900_000;

    /// <summary>
    /// The largest signal value accepted, in bytes. A larger record is dead-lettered as <c>oversized</c> without being
    /// decoded (a signal is a few hundred bytes; a megabyte of JSON is an attack or a bug, and costs the decoder).
    /// Default 64 KiB.
    /// </summary>
    public int MaxSignalBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// The most bytes a dead letter's key, value and headers may take together. A dead letter that would be larger is
    /// truncated, with headers giving the original size and SHA-256 (<c>docs/contracts.md</c>), because librdkafka
    /// refuses a record over its <c>message.max.bytes</c> ("Message size too large"), which would fail the stream.
    /// Default 900,000: below librdkafka's default <c>message.max.bytes</c> of 1,000,000, with room for the record's
    /// framing. Keep it below the producer's <c>message.max.bytes</c> and the dead-letter topic's <c>max.message.bytes</c>.
    /// </summary>
    public int MaxDeadLetterBytes { get; init; } = DefaultMaxDeadLetterBytes;

    /// <summary>
    /// How far a signal's <c>ts</c> may be ahead of the processing clock. A signal further ahead is dead-lettered as
    /// <c>invalid-field</c>: device clocks drift by minutes, not days, and a ping from the future would make every
    /// later ping of the customer look out of order. Default 1 day.
    /// </summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How old, by the processing clock, a signal's <c>ts</c> may be. An older signal is dead-lettered as <c>stale</c>:
    /// its offers would have expired and its check-in would no longer count. Default 30 days (the default
    /// <see cref="CheckInRetention"/>).
    /// </summary>
    public TimeSpan MaxSignalAge { get; init; } = TimeSpan.FromDays(30);
}
