namespace Momentary.Chaos.Verification;

/// <summary>One verdict of a scenario: what was checked, whether it held, the numbers behind it.</summary>
/// <param name="Enforced">false for figures reported without failing the run (e.g. state differences without --strict-state).</param>
internal sealed record Check(string Name, bool Passed, string Detail, bool Enforced = true)
{
    public static Check Info(string name, string detail) => new(name, true, detail, Enforced: false);

    public bool Fails => Enforced && !Passed;

    public string Mark => Passed ? "PASS" : Enforced ? "FAIL" : "note";
}
