namespace Momentary.Host.Tests.Marketers;

/// <summary>The lowest contrast found on a page, where, and how many elements were checked.</summary>
internal sealed record ContrastResult(double Ratio, string Element, int Checked);
