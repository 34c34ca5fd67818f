namespace Momentary.Chaos.Scenarios;

/// <summary>How the Redis outage is made.</summary>
internal enum RedisFault
{
    /// <summary>SIGSTOP, then SIGCONT: connections stay open and nothing answers (a hung server, a long GC-like pause).</summary>
    Freeze,

    /// <summary>SIGKILL, then a restart on the same port from the append-only file (fsync always): connections break and come back.</summary>
    KillAndRestart,
}
