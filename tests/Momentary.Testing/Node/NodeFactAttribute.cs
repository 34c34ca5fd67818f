using Xunit;

namespace Momentary.Testing.Node;

/// <summary>A test that runs an npm package under Node.js; skipped, with the reason, where <c>node</c> or <c>npm</c> is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodePackages.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
