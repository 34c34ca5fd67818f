namespace Momentary.LoadTests.Harness;

/// <summary>A run that cannot give a true figure (e.g. a drain that never completed): reported on stderr, exit code 1.</summary>
internal sealed class HarnessException(string message) : Exception(message);
