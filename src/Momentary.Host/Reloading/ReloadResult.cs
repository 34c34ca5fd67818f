namespace Momentary.Host.Reloading;

/// <summary>What a reload of the rules and venues files did.</summary>
internal enum ReloadResult
{
    /// <summary>Neither file's bytes changed.</summary>
    Unchanged,

    /// <summary>The changed files were valid and are in force.</summary>
    Applied,

    /// <summary>A file was unreadable or invalid (errors logged); the running files stay.</summary>
    Rejected,
}
