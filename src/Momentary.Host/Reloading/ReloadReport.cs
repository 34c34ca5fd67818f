namespace Momentary.Host.Reloading;

/// <summary>What the last reload of a changed file did, for the marketers' page.</summary>
/// <param name="Result">Applied or rejected (unchanged polls are not reported).</param>
/// <param name="File">Which file changed: <c>rules</c> or <c>venues</c>.</param>
/// <param name="At">When.</param>
internal sealed record ReloadReport(ReloadResult Result, string File, DateTimeOffset At);
