using Microsoft.Extensions.Configuration;
using Momentary.Core.Messaging;
using Momentary.Host.Configuration;
using Momentary.Host.Engine;

namespace Momentary.Host.Tests.Configuration;

/// <summary>Options bound from configuration as <c>run</c> binds them, mapped to the engine's settings.</summary>
public sealed class EngineSettingsFactoryTests
{
    [Fact]
    public void SignalTopics_GivenInConfiguration_ReplaceTheDefaultsInsteadOfAddingToThem()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Momentary:Kafka:SignalTopics:0"] = "eu.location.v1",
            ["Momentary:Kafka:SignalTopics:1"] = "eu.commerce.v1",
        });

        var settings = EngineSettingsFactory.FromOptions(options);

        Assert.Equal(["eu.location.v1", "eu.commerce.v1"], settings.SignalTopics);
    }

    [Fact]
    public void SignalTopics_NotConfigured_AreTheFiveContractTopics()
    {
        var settings = EngineSettingsFactory.FromOptions(Bind([]));

        Assert.Equal(TopicNames.Signals, settings.SignalTopics);
        Assert.Equal((TopicNames.Offers, TopicNames.Control, TopicNames.DeadLetters), (settings.Pipeline.OfferTopic, settings.Pipeline.ControlTopic, settings.Pipeline.DeadLetterTopic));
    }

    [Fact]
    public void Topics_Configured_ReachThePipeline()
    {
        var settings = EngineSettingsFactory.FromOptions(Bind(new Dictionary<string, string?>
        {
            ["Momentary:Kafka:OfferTopic"] = "o",
            ["Momentary:Kafka:ControlTopic"] = "c",
            ["Momentary:Kafka:DeadLetterTopic"] = "d",
            ["Momentary:Kafka:MaxTaskIdle"] = "00:00:05",
        }));

        Assert.Equal(("o", "c", "d"), (settings.Pipeline.OfferTopic, settings.Pipeline.ControlTopic, settings.Pipeline.DeadLetterTopic));
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Consumer.MaxTaskIdle);
    }

    [Fact]
    public void ReferralCreditTopic_MustBeASignalTopic_ElseConfigurationIsRefused()
    {
        var custom = Bind(new Dictionary<string, string?> { ["Momentary:Kafka:SignalTopics:0"] = "pings", ["Momentary:Kafka:SignalTopics:1"] = "shop", ["Momentary:Kafka:ReferralCreditTopic"] = "shop" });
        var stray = Bind(new Dictionary<string, string?> { ["Momentary:Kafka:ReferralCreditTopic"] = "credits" });

        Assert.Equal("shop", EngineSettingsFactory.FromOptions(custom).Pipeline.ReferralCreditTopic);
        Assert.True(new MomentaryOptionsValidator().Validate(null, custom).Succeeded);
        Assert.Equal(TopicNames.Commerce, EngineSettingsFactory.FromOptions(Bind([])).Pipeline.ReferralCreditTopic);
        var failure = Assert.Single(new MomentaryOptionsValidator().Validate(null, stray).Failures!);
        Assert.StartsWith("Momentary__Kafka__ReferralCreditTopic: 'credits' is not one of the signal topics", failure, StringComparison.Ordinal);
    }

    private static MomentaryOptions Bind(Dictionary<string, string?> values)
    {
        var options = new MomentaryOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(MomentaryOptions.Section).Bind(options);
        return options;
    }
}
