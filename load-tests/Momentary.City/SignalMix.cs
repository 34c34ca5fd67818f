namespace Momentary.City;

/// <summary>Share of each signal kind in the generated stream (normalised; defaults follow phone telemetry, where location dominates).</summary>
public sealed record SignalMix(double Location = 0.70, double Wearable = 0.15, double Social = 0.10, double Commerce = 0.05);
