using Momentary.Core.Context;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>Fenced state writes and ownership-epoch claims.</summary>
public sealed partial class RedisContextStore
{
    /// <inheritdoc />
    public async ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default) =>
        Outcome(await WriteState(Db, customerId, state, epoch).ConfigureAwait(false));

    /// <inheritdoc />
    /// <remarks>
    /// One script call per <see cref="MaxWritesPerCall"/> customers (<see cref="StateScripts.StateWriteMany"/>), each
    /// fenced exactly as <see cref="SaveStateAsync"/> fences one: on a single node the whole batch, on a cluster (or
    /// while the server type is unknown) per hash slot, since a script's keys must share one; the calls go out together.
    /// </remarks>
    public async ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var outcomes = new StateWriteOutcome[writes.Count];
        if (writes.Count == 0)
        {
            return outcomes;
        }

        var db = Db;
        var calls = new List<(Task<RedisResult> Sent, int[] Order)>();
        if (SingleNode())
        {
            for (var from = 0; from < writes.Count; from += MaxWritesPerCall)
            {
                var order = new int[Math.Min(MaxWritesPerCall, writes.Count - from)];
                for (var i = 0; i < order.Length; i++)
                {
                    order[i] = from + i;
                }

                calls.Add((WriteStates(db, writes, order), order));
            }
        }
        else
        {
            foreach (var slot in BySlot(writes))
            {
                for (var from = 0; from < slot.Count; from += MaxWritesPerCall)
                {
                    var order = slot.GetRange(from, Math.Min(MaxWritesPerCall, slot.Count - from)).ToArray();
                    calls.Add((WriteStates(db, writes, order), order));
                }
            }
        }

        foreach (var (sent, order) in calls)
        {
            var results = (RedisResult[])(await sent.ConfigureAwait(false))!;
            for (var i = 0; i < order.Length; i++)
            {
                outcomes[order[i]] = Outcome(results[i]);
            }
        }

        return outcomes;
    }

    /// <summary>Customers per script call: bounds how long one call holds the server (and its argument arrays).</summary>
    internal const int MaxWritesPerCall = 256;

    // Indexes of the writes by the hash slot of the customer's keys (all of a customer's keys share it: RedisKeys).
    private List<List<int>> BySlot(IReadOnlyList<StateWrite> writes)
    {
        var slots = new Dictionary<int, List<int>>();
        for (var i = 0; i < writes.Count; i++)
        {
            var slot = _redis.HashSlot(_keys.State(writes[i].CustomerId));
            if (!slots.TryGetValue(slot, out var indexes))
            {
                slots[slot] = indexes = [];
            }

            indexes.Add(i);
        }

        return [.. slots.Values];
    }

    private Task<RedisResult> WriteStates(IDatabase db, IReadOnlyList<StateWrite> writes, int[] order)
    {
        var keys = new RedisKey[order.Length * 2];
        var args = new RedisValue[1 + order.Length];
        args[0] = (long)_settings.StateTtl.TotalSeconds;
        for (var i = 0; i < order.Length; i++)
        {
            var write = writes[order[i]];
            keys[2 * i] = _keys.State(write.CustomerId);
            keys[(2 * i) + 1] = _keys.Profile(write.CustomerId);
            args[i + 1] = write.Encoded.IsEmpty || _settings.WriteJsonState ? CustomerStateCodec.EncodeFenced(write.State, write.Epoch, _settings.WriteJsonState) : write.Encoded;
        }

        return db.ScriptEvaluateAsync(StateScripts.StateWriteMany, keys, args);
    }

    private Task<RedisResult> WriteState(IDatabase db, string customerId, CustomerState state, long epoch) =>
        db.ScriptEvaluateAsync(StateScripts.StateWrite, [_keys.State(customerId), _keys.Profile(customerId)], [epoch, CustomerStateCodec.EncodeFenced(state, epoch, _settings.WriteJsonState), (long)_settings.StateTtl.TotalSeconds]);

    private static StateWriteOutcome Outcome(RedisResult result) => (StateWriteOutcome)(int)result;

    /// <inheritdoc />
    /// <remarks>
    /// Reads the server's clock, then increments <c>{prefix}epoch</c> in a script that refuses to run past that
    /// time plus <paramref name="maxDelay"/> (both on the counter's node, so client clocks do not matter); a refused
    /// claim throws <see cref="TimeoutException"/>, which the retrying store retries with a fresh deadline.
    /// </remarks>
    public async ValueTask<long> ClaimEpochAsync(TimeSpan maxDelay, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var now = (long)(await db.ScriptEvaluateAsync(StateScripts.ServerMillis, [_keys.Epoch]).ConfigureAwait(false));
        var claimed = (long)(await db.ScriptEvaluateAsync(StateScripts.Claim, [_keys.Epoch], [now + (long)maxDelay.TotalMilliseconds]).ConfigureAwait(false));
        return claimed > 0 ? claimed : throw new TimeoutException($"the epoch claim reached Redis more than {maxDelay.TotalMilliseconds:0} ms after it was issued");
    }
}
