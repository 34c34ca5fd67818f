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
    public async ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var db = Db;
        var sent = new Task<RedisResult>[writes.Count];
        for (var i = 0; i < sent.Length; i++)
        {
            sent[i] = WriteState(db, writes[i].CustomerId, writes[i].State, writes[i].Epoch);
        }

        var outcomes = new StateWriteOutcome[sent.Length];
        for (var i = 0; i < sent.Length; i++)
        {
            outcomes[i] = Outcome(await sent[i].ConfigureAwait(false));
        }

        return outcomes;
    }

    private Task<RedisResult> WriteState(IDatabase db, string customerId, CustomerState state, long epoch) =>
        db.ScriptEvaluateAsync(StateScripts.StateWrite, [_keys.State(customerId), _keys.Profile(customerId)], [epoch, CustomerStateCodec.EncodeFenced(state, epoch), (long)_settings.StateTtl.TotalSeconds]);

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
