namespace Momentary.Host.Commands;

/// <summary>The exit codes of every <c>momentary</c> command (docs/operations.md, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Done, or stopped on request (SIGTERM, Ctrl-C) after draining.</summary>
    public const int Success = 0;

    /// <summary>Stopped by a failure while running (the signal stream failed: a fatal Kafka error, an undeliverable record), or a command's work failed (some lines not imported, Redis unreachable).</summary>
    public const int Failure = 1;

    /// <summary>Could not start: invalid configuration, a broken rules or venues file, signal topics not co-partitioned, no Kafka broker answering.</summary>
    public const int InvalidConfiguration = 2;
}
