using Momentary.Core.Offers;

namespace Momentary.Core.Tests.Offers;

public sealed class OfferIdsTests
{
    [Fact]
    public void Create_SameInputs_SameId() =>
        Assert.Equal(OfferIds.Create("r", "jane", "s1"), OfferIds.Create("r", "jane", "s1"));

    [Fact]
    public void Create_ShiftedBoundaries_DifferentIds() =>
        Assert.NotEqual(OfferIds.Create("ab", "c", "s"), OfferIds.Create("a", "bc", "s"));

    [Fact]
    public void Create_Format_IsPrefixAndLowercaseBase32()
    {
        var id = OfferIds.Create("aurora-friends", "jane", "sig-1");
        Assert.Matches("^of_[a-z2-7]{26}$", id);
    }

    [Fact]
    public void Create_ManyInputs_NoCollisions()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => OfferIds.Create("r", "c" + (i % 100), "s" + i)).ToHashSet();
        Assert.Equal(20_000, ids.Count);
    }
}
