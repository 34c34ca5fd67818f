using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Rules.Tracing;

namespace Momentary.Host.Backtesting;

/// <summary>What a back-test produced: per-rule counts in file order, the would-be offers in event order, and side effects.</summary>
internal sealed record BacktestReport
{
    /// <summary>Rule id → counts, in the rules file's order.</summary>
    public required IReadOnlyList<KeyValuePair<string, RuleTally>> Rules { get; init; }

    /// <summary>The offers that would have been sent, in event-time order.</summary>
    public required IReadOnlyList<Offer> Offers { get; init; }

    /// <summary>Per rule, its variants' ids in file order (empty when it has none).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> VariantOrder { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The ids of <paramref name="ruleId"/>'s variants in file order.</summary>
    public IReadOnlyList<string> VariantsOf(string ruleId) => VariantOrder.TryGetValue(ruleId, out var ids) ? ids : [];

    /// <summary>Referral credits earned by sharers, in event-time order.</summary>
    public required IReadOnlyList<ReferralCredit> ReferralCredits { get; init; }

    /// <summary>Redemptions in event-time order: the signal's id and where it was attributed, and how.</summary>
    public IReadOnlyList<KeyValuePair<string, RedemptionAttribution>> Redemptions { get; init; } = [];

    /// <summary>Each replayed signal's decision trace, in replay order (rejected ones with a note); empty unless asked for.</summary>
    public IReadOnlyList<DecisionTrace> Traces { get; init; } = [];

    /// <summary>Signals replayed.</summary>
    public int Signals { get; init; }

    /// <summary>Lines that could not be replayed (bad JSON or contract violations), as <c>line N: problem</c>.</summary>
    public required IReadOnlyList<string> Rejected { get; init; }

    /// <summary>Problems in the context file, as <c>line N: problem</c>.</summary>
    public required IReadOnlyList<string> ContextErrors { get; init; }
}
