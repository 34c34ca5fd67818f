namespace Momentary.Host.Marketers;

/// <summary>The "why not" box's question (POSTed, so the id never sits in a URL or an access log).</summary>
internal sealed record WhyNotQuestion(string? Customer);
