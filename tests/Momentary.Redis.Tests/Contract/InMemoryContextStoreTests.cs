using Momentary.Testing.Contract;
using Momentary.Core.Context;

namespace Momentary.Redis.Tests.Contract;

public sealed class InMemoryContextStoreTests : ContextStoreContract
{
    protected override ICustomerContextStore Store { get; } = new InMemoryContextStore();
}
