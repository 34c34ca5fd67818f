using Momentary.Testing.Contract;
using Momentary.Core.Context;

namespace Momentary.Redis.Tests.Contract;

/// <summary>The cache in front of a store still keeps the store's contract, as seen through it once its writes are flushed.</summary>
public sealed class CachingContextStoreContractTests : ContextStoreContract
{
    protected override ICustomerContextStore Store { get; } = new CachingContextStore(new InMemoryContextStore());

    // Written behind: a save's outcome is known at the flush, and reported there (CachingContextStoreTests).
    protected override bool ReportsWriteOutcomes => false;
}
