using System.Globalization;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// "Your friend bought through your link: you earned 4.50 EUR": fires on the engine's own <c>referral-credit</c> signal
/// for the sharer (written when a purchase through their code credited them; docs/rules.md, "Referrals"), when the
/// credit is at least <c>atLeast</c> (default: any). The offer carries the <c>earnings</c> an app can show.
/// </summary>
internal sealed class ReferralCreditTrigger(decimal? atLeast) : Trigger
{
    /// <summary>The kind: <c>referralCredit: { atLeast? }</c>.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.Of("referralCredit", ["atLeast"], Read, static (rules, _) => new CreditIndex(rules));

    /// <summary>The smallest credit that fires the rule; <c>null</c>: any.</summary>
    public decimal? AtLeast => atLeast;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        if (Credit(scope) is { } earnings)
        {
            scope.Explanation.Fact("credited", Money(earnings.Credited, earnings.Currency), atLeast is { } min ? string.Create(CultureInfo.InvariantCulture, $">= {min:0.00}") : null);
            scope.Explanation.Fact("monthEarnings", Money(earnings.MonthToDate, earnings.Currency));
            scope.Explanation.Phrase($"a friend bought through your link: you earned {Money(earnings.Credited, earnings.Currency)} ({Money(earnings.MonthToDate, earnings.Currency)} this month)");
        }

        return "referral-credit";
    }

    /// <inheritdoc/>
    public override OfferEarnings? Earnings(RuleScope scope) => Credit(scope);

    /// <summary>The credit the signal on <paramref name="scope"/> reports, with the month's total; <c>null</c> for any other signal.</summary>
    public static OfferEarnings? Credit(RuleScope scope)
    {
        if (scope.Input.Signal is not CommerceEvent { Action: CommerceAction.ReferralCredit, Price: { } credited } credit)
        {
            return null;
        }

        // The month's total as the store holds it now (this credit included); before the store was read, the credit alone.
        var monthToDate = scope.Input.Context.ReferralEarnings is { } total && total >= credited ? total : credited;
        return new OfferEarnings(credited, monthToDate, Referrals.Month(credit.Timestamp), credit.Currency ?? "EUR");
    }

    /// <summary>An amount as messages show it: <c>4.50 EUR</c>.</summary>
    public static string Money(decimal amount, string currency) => string.Create(CultureInfo.InvariantCulture, $"{amount:0.00} {currency}");

    private static ReferralCreditTrigger Read(TriggerReader t) => new(t.Decimal("atLeast", 0.01m, 1_000_000m, required: false));

    private sealed class CreditIndex(CompiledRule[] rules) : SignalTriggerIndex
    {
        public override SignalKind Signal => SignalKind.Commerce;

        public override void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            if (input.Signal is not CommerceEvent { Action: CommerceAction.ReferralCredit, Price: { } credited })
            {
                return;
            }

            foreach (var rule in rules)
            {
                if (((ReferralCreditTrigger)rule.Trigger).AtLeast is { } min && credited < min)
                {
                    continue;
                }

                scope.Reset(input, null);
                rule.Fire(scope, fired);
            }
        }
    }
}
