using Momentary.Host.Marketers;

namespace Momentary.Host.Tests.Marketers;

/// <summary>Rules in words, from the YAML of the file in force.</summary>
public sealed class RuleDescriberTests
{
    [Fact]
    public void Describe_RoutineRule_TriggerConditionsCapsInWords()
    {
        var rule = Assert.Single(RuleDescriber.Describe("""
            version: 1
            rules:
              - id: grocery-routine
                trigger:
                  routine: { category: grocery, overdueBy: 2d, within: 1500m }
                when:
                  quietHours: { from: "22:00", to: "08:00" }
                  days: [mon, tue]
                caps: { perCustomer: 1, window: 3d }
            """));

        Assert.Equal(new RuleView("grocery-routine", string.Empty, "routine: category grocery, overdue by 2d, within 1500m", rule.Conditions, "per customer 1, window 3d", "none"), rule);
        Assert.Equal(["quiet hours: from 22:00, to 08:00", "days: mon or tue"], rule.Conditions);
    }

    [Fact]
    public void Describe_NotYaml_NoRules() => Assert.Empty(RuleDescriber.Describe("{ not: [yaml"));
}
