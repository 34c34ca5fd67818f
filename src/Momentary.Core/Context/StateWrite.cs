namespace Momentary.Core.Context;

/// <summary>One customer's state to write, fenced by the writer's ownership epoch.</summary>
/// <param name="CustomerId">Whose state.</param>
/// <param name="State">The whole new value.</param>
/// <param name="Epoch">
/// The writer's ownership epoch (its fencing token, from <see cref="ICustomerContextStore.ClaimEpochAsync"/>): the write is
/// refused when the stored state was written under a higher one, so a writer that lost the customer's task cannot
/// overwrite the new owner's state. 0 for writers outside the engine (tools, tests): accepted unless a fenced write came first.
/// </param>
public readonly record struct StateWrite(string CustomerId, CustomerState State, long Epoch = 0);
