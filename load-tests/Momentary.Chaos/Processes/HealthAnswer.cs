namespace Momentary.Chaos.Processes;

/// <summary>What <c>GET /health</c> answered: a status code and body, or nothing (refused, timed out).</summary>
internal readonly record struct HealthAnswer(int? Status, string Body)
{
    public static HealthAnswer None(string why) => new(null, why);

    /// <summary>The state a readiness probe acts on: 200 means "send me traffic" (the body is the JSON report of every check).</summary>
    public bool IsReady => Status == 200;

    public override string ToString() => Status is { } s ? $"{s} {Body.Trim()}" : $"no answer ({Body})";
}
