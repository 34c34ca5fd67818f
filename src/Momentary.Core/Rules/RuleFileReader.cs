using System.Globalization;
using Momentary.Core.Context;
using Momentary.Core.Rules.Conditions;
using Momentary.Core.Rules.Triggers;
using Momentary.Core.Venues;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules;

/// <summary>
/// Reads a loaded rules document: <c>version</c>, <c>settings</c> and each rule's own fields (id, priority, caps,
/// freshness, holdout), handing its trigger, conditions and offer to their readers. Errors are collected, located,
/// by the <see cref="YamlNodeReader"/>; a book is built only when there are none.
/// </summary>
internal static class RuleFileReader
{
    private static readonly string[] TopKeys = ["version", "settings", "rules"];
    private static readonly string[] SettingsKeys = ["maxOffersPerSignal", "maxOffersPerCustomerPerHour", "segments", "tiers"];
    private static readonly string[] RuleKeys = ["id", "description", "trigger", "when", "offer", "priority", "caps", "freshFor", "holdout", "variants"];
    private static readonly string[] CapsKeys = ["perCustomer", "window", "cooldown", "dailyBudget"];

    /// <summary>Compiles the document in <paramref name="stream"/>; <c>false</c> with every error, in file order, when it is invalid.</summary>
    public static bool TryRead(YamlStream stream, YamlNodeReader reader, string source, IReadOnlyDictionary<string, Venue> venues, out RuleBook? book, out IReadOnlyList<RuleError> errors)
    {
        book = null;

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode)
        {
            errors = [new RuleError(source, 1, 1, "the rules file must be a mapping with 'version' and 'rules'")];
            return false;
        }

        var root = reader.Mapping(stream.Documents[0].RootNode, "the rules file", TopKeys)!;
        _ = reader.Int(root, "version", "the rules file", required: true, 1, 1);
        var settings = ReadSettings(reader, reader.Mapping(YamlNodeReader.Child(root, "settings"), "settings", SettingsKeys));
        var rules = new List<CompiledRule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        switch (YamlNodeReader.Child(root, "rules"))
        {
            case null:
                reader.Error(root, "the rules file is missing 'rules'");
                break;
            case YamlSequenceNode seq:
                foreach (var node in seq.Children)
                {
                    if (ReadRule(reader, node, venues, settings, ids) is { } rule)
                    {
                        rules.Add(rule);
                    }
                }

                break;
            case var other:
                reader.Error(other, "'rules' must be a list of rules");
                break;
        }

        errors = reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray();
        if (errors.Count > 0)
        {
            return false;
        }

        book = new RuleBook(source, rules, settings, venues);
        return true;
    }

    private static RuleBookSettings ReadSettings(YamlNodeReader r, YamlMappingNode? map)
    {
        var defaults = new RuleBookSettings();
        if (map is null)
        {
            return defaults;
        }

        return new RuleBookSettings(
            r.Int(map, "maxOffersPerSignal", "settings", false, 1, 10) ?? defaults.MaxOffersPerSignal,
            r.Int(map, "maxOffersPerCustomerPerHour", "settings", false, 1, 1000) ?? defaults.MaxOffersPerCustomerPerHour,
            r.StringList(map, "segments", "settings"),
            r.StringList(map, "tiers", "settings"));
    }

    private static CompiledRule? ReadRule(YamlNodeReader r, YamlNode node, IReadOnlyDictionary<string, Venue> venues, RuleBookSettings settings, HashSet<string> ids)
    {
        var peekedId = (YamlNodeReader.Child(node as YamlMappingNode, "id") as YamlScalarNode)?.Value;
        var map = r.Mapping(node, peekedId is null ? "a rule" : $"rule '{peekedId}'", RuleKeys);
        if (map is null)
        {
            return null;
        }

        var errorsBefore = r.Errors.Count;
        var id = r.Scalar(map, "id", "a rule", required: true);
        var what = id is null ? "a rule" : $"rule '{id}'";
        if (id is not null && !ids.Add(id))
        {
            r.Error(YamlNodeReader.Child(map, "id")!, $"duplicate rule id '{id}'", "rule ids must be unique within the file");
        }

        // Read in this order so that errors located at one (aliased) node keep their order.
        var trigger = TriggerKinds.Read(r, map, what, venues);
        var offerReader = new OfferReader(r, map, what);
        var conditions = ConditionKinds.Read(r, map, what, settings, trigger is null ? null : TriggerKinds.KindOf(trigger));
        var offer = offerReader.Read(trigger);
        var variants = VariantReader.Read(r, map, what, offer?.PriceMatch ?? false);
        var holdout = ReadHoldout(r, map, what);
        var priority = r.Int(map, "priority", what, false, -1000, 1000) ?? 0;
        var caps = ReadCaps(r, map, what, settings);
        var freshFor = r.Duration(map, "freshFor", what, required: false) ?? TimeSpan.FromMinutes(5);
        if (r.Errors.Count > errorsBefore || id is null || trigger is null || offer is null || caps is null)
        {
            return null;
        }

        return new CompiledRule
        {
            Id = id,
            Trigger = trigger,
            FreshFor = freshFor,
            Conditions = conditions,
            Offer = offer,
            Caps = caps,
            Priority = priority,
            HoldoutBasisPoints = holdout,
            Variants = variants,
        };
    }

    private static int ReadHoldout(YamlNodeReader r, YamlMappingNode rule, string what)
    {
        var text = r.Scalar(rule, "holdout", what, required: false);
        if (text is null)
        {
            return 0;
        }

        var number = text.EndsWith('%') ? text[..^1] : text;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent < 0 || percent > 50)
        {
            r.Error(YamlNodeReader.Child(rule, "holdout")!, $"the holdout of {what} must be a percentage from 0% to 50%, got '{text}'", "e.g. holdout: 10%");
            return 0;
        }

        return (int)Math.Round(percent * 100);
    }

    private static CapPolicy? ReadCaps(YamlNodeReader r, YamlMappingNode rule, string what, RuleBookSettings settings)
    {
        var caps = r.Mapping(YamlNodeReader.Child(rule, "caps"), $"the caps of {what}", CapsKeys);
        if (caps is null)
        {
            return new CapPolicy(1, TimeSpan.FromDays(1), MaxOffersPerCustomerPerHour: settings.MaxOffersPerCustomerPerHour);
        }

        var perCustomer = r.Int(caps, "perCustomer", $"the caps of {what}", false, 1, 10_000) ?? 1;
        var window = r.Duration(caps, "window", $"the caps of {what}", false) ?? TimeSpan.FromDays(1);
        var cooldown = r.Duration(caps, "cooldown", $"the caps of {what}", false);
        var budget = r.Int(caps, "dailyBudget", $"the caps of {what}", false, 1, 100_000_000);
        if (cooldown > window && perCustomer == 1)
        {
            r.Error(YamlNodeReader.Child(caps, "cooldown")!, $"cooldown of {what} is longer than its cap window with perCustomer 1", "the cooldown can never be the limit that applies; shorten it or raise the window");
        }

        return new CapPolicy(perCustomer, window, cooldown, budget, settings.MaxOffersPerCustomerPerHour);
    }
}
