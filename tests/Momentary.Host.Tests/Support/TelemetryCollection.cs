using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.Support;

/// <summary>
/// Tests that read process-wide metrics run alone (after the parallel ones), so a count is this test's own; they share a
/// redis-server of their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "telemetry";
}
