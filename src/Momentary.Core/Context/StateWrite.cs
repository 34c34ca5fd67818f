namespace Momentary.Core.Context;

/// <summary>One customer's state to write, fenced by the writer's ownership epoch.</summary>
/// <param name="CustomerId">Whose state.</param>
/// <param name="State">The whole new value.</param>
/// <param name="Epoch">
/// The writer's ownership epoch (its fencing token, from <see cref="ICustomerContextStore.ClaimEpochAsync"/>): the write is
/// refused when the stored state was written under a higher one, so a writer that lost the customer's task cannot
/// overwrite the new owner's state. 0 for writers outside the engine (tools, tests): accepted unless a fenced write came first.
/// </param>
public readonly record struct StateWrite(string CustomerId, CustomerState State, long Epoch = 0)
{
    /// <summary>
    /// <see cref="State"/> already encoded as <see cref="CustomerStateCodec.EncodeFenced(CustomerState, long)"/> encodes it
    /// under <see cref="Epoch"/>, when the writer had it (the write-behind cache encodes each state when it is saved,
    /// while the state is still in the processor's CPU cache, instead of at the flush); empty: the store encodes
    /// <see cref="State"/> itself. A store may write these bytes as they are; the memory is valid until the call that
    /// was given this write completes.
    /// </summary>
    public ReadOnlyMemory<byte> Encoded { get; init; }
}
