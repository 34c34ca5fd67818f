namespace Momentary.Core.Rules;

/// <summary>
/// A compiled condition. Evaluation reads the scope and records the facts it checked; no parsing, no reflection.
/// Each kind lives in <c>Conditions/</c> with the reading of its <c>when:</c> field, listed in <c>ConditionKinds</c>.
/// </summary>
internal abstract class RuleCondition
{
    /// <summary>How far back friends' visits must be loaded for this condition (default zero: none).</summary>
    public virtual TimeSpan FriendWindow => TimeSpan.Zero;

    /// <summary>How recent friends' positions must be for this condition (default zero: it reads none).</summary>
    public virtual TimeSpan FriendsNearbyWindow => TimeSpan.Zero;

    /// <summary>What a signal failing this condition reports as its reason for no offer (<c>momentary.pipeline.no_offers</c>).</summary>
    public abstract NoOfferReason Reason { get; }

    /// <summary>Whether the condition holds; when it does, its facts and phrase are recorded in the scope's explanation.</summary>
    public abstract bool Holds(RuleScope scope);

    /// <summary>
    /// Why the condition does not hold for the scope, in words with the values it compared (<c>quiet hours
    /// 22:00-08:00 in Europe/Paris, local time 03:00</c>). Only called when tracing, after <see cref="Holds"/>
    /// returned <c>false</c>; never names personal data beyond what the condition compares.
    /// </summary>
    public abstract string Failure(RuleScope scope);
}
