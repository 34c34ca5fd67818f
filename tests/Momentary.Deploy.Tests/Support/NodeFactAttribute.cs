namespace Momentary.Deploy.Tests.Support;

/// <summary>A test that runs an npm package under Node.js; skipped, with the reason, where <c>node</c> or <c>npm</c> is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (Node.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
