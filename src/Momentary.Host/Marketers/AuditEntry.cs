namespace Momentary.Host.Marketers;

/// <summary>One audit line: when, who (<c>bearer</c> or the proxy's user) and which customer.</summary>
internal sealed record AuditEntry(DateTimeOffset At, string Who, string Customer);
