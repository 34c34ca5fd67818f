namespace Momentary.Chaos.Scenarios;

/// <summary>Which hot-reloaded file an edit breaks.</summary>
internal enum ConfigFile
{
    Rules,
    Venues,
}
