using System.Diagnostics;
using System.Globalization;

namespace Momentary.Testing.Redis;

/// <summary>
/// A real Redis Cluster on loopback, no Docker: <c>masters × (1 + replicasPerMaster)</c> <c>redis-server
/// --cluster-enabled yes</c> processes on free ports (each in its own temp directory), joined by
/// <c>redis-cli --cluster create</c>, ready once every live node sees all 16,384 slots served and every replica is
/// in sync. Faults: <see cref="KillMasterOf"/> (SIGKILL; its replica is promoted after the node timeout) and
/// <see cref="Reshard"/> (slots and their keys move while clients run: MOVED and ASK). Disposing kills every
/// process and deletes the directories.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    /// <summary>Slots of a Redis Cluster.</summary>
    public const int Slots = 16384;

    private readonly List<RedisServer> _nodes = [];

    /// <param name="masters">Masters, each serving an equal share of the slots (at least 3, as <c>redis-cli</c> requires).</param>
    /// <param name="replicasPerMaster">Replicas of each master.</param>
    /// <param name="nodeTimeout">How long a node may be unreachable before it is failed over (<c>cluster-node-timeout</c>); default 1 s, so a failover takes about 2-3 s.</param>
    public RedisCluster(int masters = 3, int replicasPerMaster = 1, TimeSpan? nodeTimeout = null)
    {
        var timeout = (long)(nodeTimeout ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
        try
        {
            for (var i = 0; i < masters * (1 + replicasPerMaster); i++)
            {
                // Replicas fail over however long they were cut off (validity factor 0): a test kills masters on purpose.
                _nodes.Add(new RedisServer(arguments: [
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", timeout.ToString(CultureInfo.InvariantCulture), "--cluster-replica-validity-factor", "0"]));
            }

            RedisCli.Run(["--cluster", "create", .. _nodes.Select(n => Endpoint(n.Port)), "--cluster-replicas", replicasPerMaster.ToString(CultureInfo.InvariantCulture), "--cluster-yes"]);
            WaitUntilHealthy(TimeSpan.FromSeconds(60));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Every node, dead or alive, in creation order.</summary>
    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>StackExchange.Redis configuration string naming every node (the client discovers the topology and follows MOVED/ASK).</summary>
    public string Configuration => string.Join(',', _nodes.Select(n => Endpoint(n.Port))) + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    /// <summary>Whether every running node reports <c>cluster_state:ok</c> with all slots served, and every running replica's link to its master is up.</summary>
    public bool IsHealthy()
    {
        try
        {
            foreach (var node in _nodes.Where(n => n.IsRunning))
            {
                var info = RedisCli.Command(node.Port, "CLUSTER", "INFO");
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal) || !info.Contains($"cluster_slots_ok:{Slots}", StringComparison.Ordinal))
                {
                    return false;
                }

                var replication = RedisCli.Command(node.Port, "INFO", "replication");
                if (replication.Contains("role:slave", StringComparison.Ordinal) && !replication.Contains("master_link_status:up", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // a node answering with an error (still loading, just killed)
        }
    }

    /// <summary>Waits until <see cref="IsHealthy"/>; returns how long that took.</summary>
    public TimeSpan WaitUntilHealthy(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        Eventually.Holds(IsHealthy, timeout, "the Redis Cluster becoming healthy (all slots ok, replicas in sync)");
        return waited.Elapsed;
    }

    /// <summary>The slot of <paramref name="key"/> (its hash tag, if any), as the cluster computes it.</summary>
    public int SlotOf(string key) => int.Parse(RedisCli.Command(AnyRunning().Port, "CLUSTER", "KEYSLOT", key), CultureInfo.InvariantCulture);

    /// <summary>The running master that serves <paramref name="slot"/>, as a running node sees it.</summary>
    public RedisServer MasterOf(int slot) =>
        SlotRanges().FirstOrDefault(r => slot >= r.First && slot <= r.Last).Master ?? throw new InvalidOperationException($"no live master serves slot {slot}");

    /// <summary>The lowest slot <paramref name="master"/> serves (the first that <see cref="Reshard"/> moves away from it).</summary>
    public int FirstSlotOf(RedisServer master) => SlotRanges().Where(r => r.Master == master).Min(r => r.First);

    // (first, last, master) of every slot range served by a master not flagged as failing, from CLUSTER NODES.
    private List<(int First, int Last, RedisServer Master)> SlotRanges()
    {
        var ranges = new List<(int, int, RedisServer)>();
        foreach (var line in RedisCli.Command(AnyRunning().Port, "CLUSTER", "NODES").Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length < 9 || !fields[2].Contains("master", StringComparison.Ordinal) || fields[2].Contains("fail", StringComparison.Ordinal))
            {
                continue;
            }

            var port = int.Parse(fields[1].Split('@')[0].Split(':')[1], CultureInfo.InvariantCulture);
            var master = _nodes.Single(n => n.Port == port);
            foreach (var range in fields[8..].Where(f => !f.StartsWith('[')))
            {
                var bounds = range.Split('-');
                ranges.Add((int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[^1], CultureInfo.InvariantCulture), master));
            }
        }

        return ranges;
    }

    /// <summary>The running masters.</summary>
    public IReadOnlyList<RedisServer> Masters() =>
        _nodes.Where(n => n.IsRunning && RedisCli.Command(n.Port, "ROLE").StartsWith("master", StringComparison.Ordinal)).ToList();

    /// <summary>Kills (SIGKILL) the master serving <paramref name="slot"/>; its replica takes over after the node timeout. Returns the killed node.</summary>
    public RedisServer KillMasterOf(int slot)
    {
        var master = MasterOf(slot);
        master.Stop();
        return master;
    }

    /// <summary>
    /// Moves <paramref name="slots"/> slots, with their keys, from <paramref name="from"/> to <paramref name="to"/>
    /// with <c>redis-cli --cluster reshard</c> (slot by slot: MIGRATING/IMPORTING, keys moved in batches, then the
    /// slot handed over), while clients keep running: they get MOVED and ASK redirections.
    /// </summary>
    public void Reshard(RedisServer from, RedisServer to, int slots)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        RedisCli.Run([
            "--cluster", "reshard", Endpoint(from.Port), "--cluster-from", NodeId(from), "--cluster-to", NodeId(to),
            "--cluster-slots", slots.ToString(CultureInfo.InvariantCulture), "--cluster-yes", "--cluster-pipeline", "20"], TimeSpan.FromMinutes(5));
    }

    /// <summary>The node's cluster id.</summary>
    public static string NodeId(RedisServer node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return RedisCli.Command(node.Port, "CLUSTER", "MYID");
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private RedisServer AnyRunning() => _nodes.FirstOrDefault(n => n.IsRunning) ?? throw new InvalidOperationException("no node of the cluster is running");

    private static string Endpoint(int port) => $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
}
