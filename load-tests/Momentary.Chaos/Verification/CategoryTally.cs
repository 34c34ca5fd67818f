namespace Momentary.Chaos.Verification;

/// <summary>How one hostile category fared: produced, dead-lettered (with a reason, with the right source, unchanged), and the reasons given.</summary>
internal sealed record CategoryTally(string Category, int Produced, int DeadLettered, int WithReason, int Unchanged, IReadOnlyDictionary<string, int> Kinds)
{
    public int Missing => Produced - DeadLettered;

    public bool Complete => Missing == 0 && WithReason == DeadLettered && Unchanged == DeadLettered;

    public override string ToString() =>
        $"{Category}: {DeadLettered}/{Produced} dead-lettered, {WithReason} with a reason, {Unchanged} unchanged"
        + (Kinds.Count > 0 ? " (" + string.Join(", ", Kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")) + ")" : string.Empty);
}
