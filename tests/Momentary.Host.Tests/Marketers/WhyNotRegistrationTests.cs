using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Momentary.Core.Context;
using Momentary.Host.Marketers;

namespace Momentary.Host.Tests.Marketers;

public sealed class WhyNotRegistrationTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void AddWhyNotSource_ByMarketersEnabled_RegistersTheSourceOnlyWhenEnabled(string? enabled, bool registered)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Momentary:Marketers:Enabled"] = enabled }).Build();
        var services = new ServiceCollection().AddSingleton<IContextStoreRuntime, InMemoryContextRuntime>();

        using var provider = services.AddWhyNotSource(configuration).BuildServiceProvider();

        Assert.Equal(registered, provider.GetService<IWhyNotSource>() is not null);
        Assert.Equal(registered, provider.GetService<RecentSignals>() is not null);
    }
}
