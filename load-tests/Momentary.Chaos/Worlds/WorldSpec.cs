namespace Momentary.Chaos.Worlds;

/// <summary>What a world is made of: its files (written by the runner from the city) and how its Kafka and engines are set up.</summary>
/// <param name="Name">Short name, part of the group id and of log file names (e.g. <c>reference</c>, <c>crash</c>).</param>
/// <param name="Directory">Where its rules, venues and process logs go.</param>
/// <param name="RunId">Unique per runner invocation, so groups (and topics on a shared broker) never collide.</param>
/// <param name="RulesYaml">The rules file's content.</param>
/// <param name="VenuesGeoJson">The venues file's content.</param>
/// <param name="ContextNdjson">Profiles, friendships and check-ins bulk-loaded into the world's Redis before any engine starts.</param>
/// <param name="Partitions">Partitions of every topic.</param>
/// <param name="SessionTimeout">The engines' consumer session timeout: a SIGKILLed member's partitions move after it.</param>
/// <param name="ExternalBootstrap">A real broker shared by all worlds, or null for a dev-cluster process per world.</param>
/// <param name="RedisCluster">A Redis Cluster (three masters, three replicas) instead of one redis-server.</param>
internal sealed record WorldSpec(
    string Name,
    string Directory,
    string RunId,
    string RulesYaml,
    string VenuesGeoJson,
    string ContextNdjson,
    int Partitions,
    TimeSpan SessionTimeout,
    string? ExternalBootstrap,
    bool RedisCluster = false);
