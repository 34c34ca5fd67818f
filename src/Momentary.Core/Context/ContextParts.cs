namespace Momentary.Core.Context;

/// <summary>Which parts of a customer's context a load asks the store for.</summary>
[Flags]
public enum ContextParts
{
    /// <summary>Nothing (a load that asks for nothing makes no round trip).</summary>
    None = 0,

    /// <summary>The marketing profile.</summary>
    Profile = 1,

    /// <summary>The engine-written state.</summary>
    State = 2,

    /// <summary>Friends' visits to the query's venues.</summary>
    FriendVisits = 4,

    /// <summary>Everything.</summary>
    All = Profile | State | FriendVisits,
}
