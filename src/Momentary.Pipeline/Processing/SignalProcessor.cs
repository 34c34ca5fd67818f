using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Messaging;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Pipeline.Telemetry;

namespace Momentary.Pipeline.Processing;

/// <summary>
/// Processes one inbound record end to end, short of producing: decode → geo → context (one store round trip)
/// → rules → arbitration → cap reservation → offer records. Stateless apart from its dependencies, so one
/// instance serves every partition; callers guarantee that two signals of one customer never overlap
/// (the graph chains a customer's signals one after another). Offer ids are deterministic and reservations idempotent, so
/// reprocessing a record after a crash yields the same offers and spends no cap twice.
/// </summary>
public sealed partial class SignalProcessor
{
    private readonly ICustomerContextStore _store;
    private readonly Func<RuleBook> _rules;
    private readonly Geofencer _geofencer;
    private readonly TimeProvider _time;
    private readonly PipelineSettings _settings;
    private long _processed;
    private bool _measured = true; // false for the warm-up instance and back-tests, whose signals must not show in metrics

    /// <param name="store">Context store; transient failures are expected to be retried inside it (a retrying decorator).</param>
    /// <param name="rules">The current rule book; read once per signal, so a hot reload takes effect between signals.</param>
    /// <param name="geofencer">Fence lookups and transitions.</param>
    /// <param name="time">Processing clock; offers are issued at its now.</param>
    /// <param name="settings">Topics and limits.</param>
    public SignalProcessor(ICustomerContextStore store, Func<RuleBook> rules, Geofencer geofencer, TimeProvider time, PipelineSettings settings)
    {
        _store = store;
        _rules = rules;
        _geofencer = geofencer;
        _time = time;
        _settings = settings;
    }

    /// <summary>Whether this processor reports to the process-wide metrics (default true; back-tests turn it off).</summary>
    public bool RecordMetrics
    {
        get => _measured;
        init => _measured = value;
    }

    /// <summary>
    /// Whether each outcome carries its <see cref="SignalOutcome.Trace"/> (default <c>false</c>: the live engine pays
    /// one null check per rule and nothing else). <c>momentary explain</c>, <c>rules backtest --trace</c> and the
    /// marketers' "why not" turn it on; the decision itself is made by the very same code either way.
    /// </summary>
    public bool TraceDecisions { get; init; }

    /// <summary>
    /// Called with every signal this processor decided (not dead letters), the context it was decided on and the
    /// processing instant; <c>null</c> (the default) calls nothing. The marketers' "why not" keeps a customer's last
    /// few this way, only when the page is enabled. Must be cheap and must not throw.
    /// </summary>
    public Action<DecidedSignal>? Decided { get; init; }

    /// <summary>Records this processor has finished (any outcome). Per instance, unlike the process-wide metrics.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>
    /// Makes the state written by every signal processed so far durable (a write-behind store buffers it). The graph
    /// calls it after each batch, before the batch's offsets can be committed.
    /// </summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _store.FlushAsync(cancellationToken);

    /// <summary>
    /// Claims an ownership epoch from the store (docs/context-store.md, "Fenced writes"): the engine's consumer calls it
    /// when tasks are assigned, and the records of those tasks carry it.
    /// </summary>
    public ValueTask<long> ClaimEpochAsync(TimeSpan maxDelay, CancellationToken cancellationToken = default) => _store.ClaimEpochAsync(maxDelay, cancellationToken);

    /// <summary>Processes one record. Never throws for bad input: it becomes a dead letter.</summary>
    /// <exception cref="OperationCanceledException">Cancelled (shutdown) before the work completed; the offset must not be committed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SignalOutcome> ProcessAsync(InboundRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var started = Stopwatch.GetTimestamp();
        using var activity = _measured ? SignalTracing.StartProcess(record) : null;
        if (!TryAdmit(record, out var signal, out var error))
        {
            activity?.SetStatus(ActivityStatusCode.Error, error!.Kind);
            if (_measured)
            {
                PipelineTelemetry.Signals.Add(1, new("kind", "undecodable"), new("outcome", "dead-letter"));
            }
            Interlocked.Increment(ref _processed);
            return DeadLetter(record, error!.Kind, error.Message);
        }

        SignalOutcome outcome;
        try
        {
            outcome = await ProcessSignalAsync(signal!, record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A non-transient failure on one signal (the store retries transient ones itself) must not stop the
            // stream: the record goes to the dead-letter topic with the failure's type, never its data.
            outcome = DeadLetter(record, "processing-failed", ex.GetType().Name);
            activity?.SetStatus(ActivityStatusCode.Error, "processing-failed");
        }

        if (_measured)
        {
            PipelineTelemetry.Signals.Add(1, new("kind", SignalCodec.KindName(signal!.Kind)), new("outcome", OutcomeName(outcome.Kind)));
            if (outcome.Kind == SignalOutcomeKind.NoOffer)
            {
                PipelineTelemetry.CountNoOffer(outcome.Reason);
            }

            PipelineTelemetry.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("messaging.destination.name", record.Topic));
        }
        Interlocked.Increment(ref _processed);
        return outcome;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<SignalOutcome> ProcessSignalAsync(Signal signal, InboundRecord record, CancellationToken ct)
    {
        var book = _rules();
        var now = _time.GetUtcNow();
        var geo = GeoFacts.Empty;
        CustomerContext context;
        CustomerState next;
        if (signal is LocationPing ping)
        {
            var lookup = _geofencer.Lookup(ping, book.NearRadiusMeters);
            // Friends' visits are read only if a rule asks for them while matching (below).
            var asked = book.FriendWindow > TimeSpan.Zero && lookup.VenueIds.Count > 0 ? new FriendVisitsAsked() : null;
            context = await LoadAsync(new ContextQuery(signal.CustomerId, lookup.VenueIds, book.FriendWindow, now) { Epoch = record.Epoch, Parts = ContextParts.Profile | ContextParts.State }, ct).ConfigureAwait(false);
            if (asked is not null)
            {
                context = context with { FriendVisitsAsked = asked };
            }

            geo = _geofencer.Apply(ping, lookup, context.State, now, out next);
            var positionTtl = _settings.FriendPositionTtl > book.FriendsNearbyWindow ? _settings.FriendPositionTtl : book.FriendsNearbyWindow;
            if (positionTtl > TimeSpan.Zero && context.Profile?.HasConsent("friends-location") == true && !ReferenceEquals(next, context.State))
            {
                await _store.RecordPositionAsync(signal.CustomerId, ping.Latitude, ping.Longitude, ping.Timestamp, positionTtl, ct).ConfigureAwait(false);
            }

            // Friends' positions live in their own keys (slots), so they cost a second read: made only while a
            // friendsNearby rule exists, for a known customer at or near a venue (every rule such a condition can
            // join is fired by a venue of the ping).
            if (book.FriendsNearbyWindow > TimeSpan.Zero && context.Profile is not null && lookup.VenueIds.Count > 0 && !ReferenceEquals(next, context.State))
            {
                context = context with { FriendPositions = await _store.LoadFriendPositionsAsync(signal.CustomerId, now, book.FriendsNearbyWindow, ct).ConfigureAwait(false) };
            }
        }
        else
        {
            if (signal is SocialEvent { Action: SocialAction.CheckIn, VenueId: { } venueId })
            {
                await _store.RecordCheckInAsync(signal.CustomerId, venueId, signal.Timestamp, _settings.CheckInRetention, ct).ConfigureAwait(false);
            }

            context = await LoadAsync(new ContextQuery(signal.CustomerId, [], book.FriendWindow, now) { Epoch = record.Epoch }, ct).ConfigureAwait(false);
            if (signal is CommerceEvent { Action: CommerceAction.ReferralCredit } && context.Profile is not null)
            {
                // The sharer's notice says what they earned this month: read from their own keys, by their own task.
                context = context with { ReferralEarnings = await _store.LoadReferralEarningsAsync(signal.CustomerId, Referrals.Month(signal.Timestamp), ct).ConfigureAwait(false) };
            }

            next = context.State;
        }

        List<RuleDecision>? decisions = null;
        ReferralCredit? credit = null;
        RedemptionAttribution? attribution = null;
        OutboundRecord? notice = null;
        if (signal is CommerceEvent commerce)
        {
            (next, credit, decisions, attribution) = await ApplyCommerceAsync(commerce, next, ct).ConfigureAwait(false);
            notice = credit is null ? null : ReferralNotice(commerce, credit);
        }

        // Exercise rules read the heart rate before this reading (the context); the reading joins it for the next one.
        if (signal is WearableReading { HeartRate: { } bpm } && book.HeartRateWindow > TimeSpan.Zero)
        {
            next = CustomerStateUpdates.AfterHeartRate(next, signal.Timestamp, bpm, book.HeartRateWindow);
        }

        // Match without text, arbitrate, then render only the candidates that will be used.
        var input = new EvaluationInput(signal, geo, context, now);
        var (fired, tracer, missed) = Match(book, input);
        if (context.FriendVisitsAsked is { Count: > 0 } venues)
        {
            // A rule got as far as friends' visits: read them for the venues it asked about and match again (matching
            // is pure, so the second pass differs from the first only where friends' visits count).
            context = await JoinFriendVisitsAsync(signal.CustomerId, context, venues, record.Epoch, book.FriendWindow, now, ct).ConfigureAwait(false);
            input = new EvaluationInput(signal, geo, context, now);
            (fired, tracer, missed) = Match(book, input);
        }

        if (fired.Count == 0)
        {
            await SaveIfChangedAsync(record, signal.CustomerId, context.State, next, ct).ConfigureAwait(false);
            var none = SignalOutcome.NoOfferBecause(missed);
            if (decisions is not null || credit is not null || attribution is not null || tracer is not null)
            {
                none = none with { Outbound = notice is null ? [] : [notice], Decisions = decisions ?? [], ReferralCredit = credit, Redemption = attribution, Trace = tracer?.Build(book, signal, now, missed) };
            }

            Decided?.Invoke(new DecidedSignal(signal, context, now, none));
            return none;
        }

        // Offers are issued at the signal's event time (clamped to the processing clock, as device clocks run
        // ahead), so reprocessing a record after a crash re-creates the very same offer, id and expiry alike.
        var issuedAt = signal.Timestamp < now ? signal.Timestamp : now;
        var chosen = new List<OfferCandidate>(book.Settings.MaxOffersPerSignal);
        Arbiter.Choose(fired, book.Settings.MaxOffersPerSignal, chosen);
        decisions ??= new List<RuleDecision>(fired.Count);
        foreach (var candidate in fired)
        {
            if (!chosen.Contains(candidate))
            {
                decisions.Add(new RuleDecision(candidate.RuleId, RuleDecisionKind.Outranked));
                tracer?.Outranked(candidate, chosen);
            }
        }

        fired.Clear(); // done with it: the awaits below may resume on another thread

        List<Offer>? offers = null;
        List<OutboundRecord>? outbound = null;
        foreach (var match in chosen)
        {
            var candidate = book.Render(match, input);
            var offer = OfferFactory.Create(candidate, signal, issuedAt);
            if (candidate.HeldOut)
            {
                // Control group: the would-be offer is recorded (topic and state) for lift, and spends no cap.
                decisions.Add(new RuleDecision(candidate.RuleId, RuleDecisionKind.HeldOut, Variant: candidate.Variant));
                tracer?.HeldOut(candidate);
                missed = NoOfferReasons.Furthest(missed, NoOfferReason.HeldOut);
                next = CustomerStateUpdates.AfterExposure(next, candidate.RuleId, candidate.Category, issuedAt, offer.ExpiresAt, control: true, offer.OfferId, candidate.Variant);
                (outbound ??= []).Add(new OutboundRecord(_settings.ControlTopic, signal.CustomerId, OfferCodec.EncodeControl(offer), OfferRecordHeaders(record, ControlSchemaBytes)));
                if (_measured)
                {
                    PipelineTelemetry.CountForRule(PipelineTelemetry.OffersHeldOut, candidate.RuleId, candidate.Variant);
                }

                continue;
            }

            var reservation = await _store.ReserveAsync(new OfferReservation(offer.OfferId, signal.CustomerId, candidate.RuleId, now, candidate.Caps), ct).ConfigureAwait(false);
            if (!reservation.Granted)
            {
                decisions.Add(new RuleDecision(candidate.RuleId, RuleDecisionKind.Capped, reservation.Outcome.ToString()));
                tracer?.Capped(candidate, reservation.Outcome, context.State, now);
                missed = NoOfferReasons.Furthest(missed, NoOfferReasons.Of(reservation.Outcome));
                if (_measured)
                {
                    PipelineTelemetry.OffersCapped.Add(1, new("rule", candidate.RuleId), new("reason", reservation.Outcome.ToString()));
                }
                continue;
            }

            if (candidate.Referral is { } link)
            {
                await _store.RegisterReferralAsync(link, ct).ConfigureAwait(false);
            }

            decisions.Add(new RuleDecision(candidate.RuleId, RuleDecisionKind.Issued, Variant: candidate.Variant));
            tracer?.Issued(candidate, offer.OfferId);
            next = CustomerStateUpdates.AfterExposure(next, candidate.RuleId, candidate.Category, issuedAt, offer.ExpiresAt, control: false, offer.OfferId, candidate.Variant);
            (offers ??= []).Add(offer);
            (outbound ??= []).Add(new OutboundRecord(_settings.OfferTopic, signal.CustomerId, OfferCodec.Encode(offer), OfferRecordHeaders(record, SchemaBytes)) { LatencyOrigin = record.Timestamp });
            if (_measured)
            {
                PipelineTelemetry.CountForRule(PipelineTelemetry.Offers, candidate.RuleId, candidate.Variant);
            }
        }

        if (notice is not null)
        {
            (outbound ??= []).Add(notice);
        }

        await SaveIfChangedAsync(record, signal.CustomerId, context.State, next, ct).ConfigureAwait(false);
        var outcome = new SignalOutcome(offers is null ? SignalOutcomeKind.NoOffer : SignalOutcomeKind.Offers, outbound ?? [], offers ?? [])
        {
            Decisions = decisions,
            ReferralCredit = credit,
            Reason = offers is null ? missed : NoOfferReason.None,
            Redemption = attribution,
            Trace = tracer?.Build(book, signal, now, missed),
        };
        Decided?.Invoke(new DecidedSignal(signal, context, now, outcome));
        return outcome;
    }

    private SignalOutcome DeadLetter(InboundRecord record, string kind, string message)
    {
        if (_measured)
        {
            PipelineTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("error", kind));
        }
        return new SignalOutcome(SignalOutcomeKind.DeadLetter, [DeadLetters.Create(_settings.DeadLetterTopic, record, kind, message, _time.GetUtcNow(), _settings.MaxDeadLetterBytes)], []);
    }

    private static RecordHeader[] OfferRecordHeaders(InboundRecord source, byte[] schema)
    {
        var signalTs = Encoding.ASCII.GetBytes(source.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        var traceParent = SignalTracing.TraceParentFor(source);
        return traceParent is null
            ? [new RecordHeader(OfferHeaders.Schema, schema), new RecordHeader(OfferHeaders.SignalTimestamp, signalTs)]
            : [new RecordHeader(OfferHeaders.Schema, schema), new RecordHeader(OfferHeaders.SignalTimestamp, signalTs), new RecordHeader(OfferHeaders.TraceParent, traceParent)];
    }

    private static readonly byte[] SchemaBytes = Encoding.ASCII.GetBytes(OfferCodec.Schema);
    private static readonly byte[] ControlSchemaBytes = Encoding.ASCII.GetBytes(OfferCodec.ControlSchema);

    private static string OutcomeName(SignalOutcomeKind kind) => kind switch
    {
        SignalOutcomeKind.Offers => "offers",
        SignalOutcomeKind.DeadLetter => "dead-letter",
        _ => "no-offer",
    };
}
