using System.Text.Json;

namespace Momentary.Chaos.Processes;

/// <summary>What <c>GET /health</c> answered: a status code and body, or nothing (refused, timed out).</summary>
internal readonly record struct HealthAnswer(int? Status, string Body)
{
    public static HealthAnswer None(string why) => new(null, why);

    /// <summary>The state a readiness probe acts on: 200 means "send me traffic" (the body is the JSON report of every check).</summary>
    public bool IsReady => Status == 200;

    /// <summary>The code and the report's overall status with the checks that are not healthy, e.g. <c>503 Unhealthy (context-store)</c>.</summary>
    public override string ToString() => Status is { } s ? $"{s} {Summary(Body)}" : $"no answer ({Body})";

    private static string Summary(string body)
    {
        try
        {
            using var report = JsonDocument.Parse(body);
            var status = report.RootElement.GetProperty("status").GetString();
            var failing = report.RootElement.TryGetProperty("checks", out var checks)
                ? checks.EnumerateObject().Where(c => c.Value.GetProperty("status").GetString() != "Healthy").Select(c => c.Name).ToList()
                : [];
            return failing.Count == 0 ? $"{status}" : $"{status} ({string.Join(", ", failing)})";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body.Trim();
        }
    }
}
