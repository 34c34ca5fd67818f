using Momentary.Core.Context;

namespace Momentary.Redis.Tests.Contract;

/// <summary>The cache in front of a store still keeps the store's contract, as seen through it.</summary>
public sealed class CachingContextStoreContractTests : ContextStoreContract
{
    protected override ICustomerContextStore Store { get; } = new CachingContextStore(new InMemoryContextStore());
}
