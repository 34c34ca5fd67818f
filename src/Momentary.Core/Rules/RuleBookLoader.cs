using System.Globalization;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Rules.Conditions;
using Momentary.Core.Venues;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules;

/// <summary>
/// Validates and compiles a rules file (format: <c>docs/rules.md</c>). All errors are collected in one pass and
/// reported as <c>file:line:column: problem (hint)</c>. The file is data only: nothing in it is executed.
/// </summary>
public static class RuleBookLoader
{
    private static readonly string[] TopKeys = ["version", "settings", "rules"];
    private static readonly string[] SettingsKeys = ["maxOffersPerSignal", "maxOffersPerCustomerPerHour"];
    private static readonly string[] RuleKeys = ["id", "description", "trigger", "when", "offer", "priority", "caps", "freshFor"];
    private static readonly string[] TriggerKeys = ["enter", "revisit", "sedentary", "priceCheck"];
    private static readonly string[] PlaceKeys = ["venue", "category"];
    private static readonly string[] RevisitKeys = ["venue", "category", "within"];
    private static readonly string[] SedentaryKeys = ["minutes"];
    private static readonly string[] PriceCheckKeys = [];
    private static readonly string[] WhenKeys = ["consent", "segments", "friends", "quietHours"];
    private static readonly string[] QuietKeys = ["from", "to"];
    private static readonly string[] FriendsKeys = ["atLeast", "within"];
    private static readonly string[] OfferKeys = ["message", "percent", "amount", "currency", "priceMatch", "validFor", "stackable"];
    private static readonly string[] CapsKeys = ["perCustomer", "window", "cooldown", "dailyBudget"];

    /// <summary>Reads, validates and compiles <paramref name="path"/>.</summary>
    /// <exception cref="RuleFileException">The file is invalid; every error is listed.</exception>
    public static RuleBook Load(string path, IReadOnlyDictionary<string, Venue> venues)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new RuleFileException([new RuleError(path, 1, 1, $"cannot read the rules file: {ex.Message}")]);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RuleFileException([new RuleError(path, 1, 1, $"cannot read the rules file: {ex.Message}")]);
        }

        return Parse(text, path, venues);
    }

    /// <summary>Validates and compiles rules from text.</summary>
    /// <exception cref="RuleFileException">The text is invalid; every error is listed.</exception>
    public static RuleBook Parse(string yaml, string source, IReadOnlyDictionary<string, Venue> venues) =>
        TryParse(yaml, source, venues, out var book, out var errors) ? book! : throw new RuleFileException(errors);

    /// <summary>Validates and compiles rules from text without throwing.</summary>
    public static bool TryParse(string yaml, string source, IReadOnlyDictionary<string, Venue> venues, out RuleBook? book, out IReadOnlyList<RuleError> errors)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(venues);
        book = null;
        var reader = new YamlNodeReader(source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            errors = [new RuleError(source, (int)ex.Start.Line, (int)ex.Start.Column, "not valid YAML: " + FirstLine(ex.Message))];
            return false;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode)
        {
            errors = [new RuleError(source, 1, 1, "the rules file must be a mapping with 'version' and 'rules'")];
            return false;
        }

        var root = reader.Mapping(stream.Documents[0].RootNode, "the rules file", TopKeys)!;
        var version = reader.Int(root, "version", "the rules file", required: true, 1, 1);
        _ = version;
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
            r.Int(map, "maxOffersPerCustomerPerHour", "settings", false, 1, 1000) ?? defaults.MaxOffersPerCustomerPerHour);
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

        var trigger = ReadTrigger(r, map, what, venues);
        var conditions = ReadConditions(r, map, what);
        var offer = r.Mapping(YamlNodeReader.Child(map, "offer"), $"the offer of {what}", OfferKeys);
        if (offer is null && YamlNodeReader.Child(map, "offer") is null)
        {
            r.Error(map, $"{what} is missing 'offer'");
        }

        MessageTemplate? message = null;
        Discount? discount = null;
        var priceMatch = false;
        TimeSpan? validFor = null;
        var stackable = false;
        if (offer is not null)
        {
            var messageText = r.Scalar(offer, "message", $"the offer of {what}", required: true);
            if (messageText is not null)
            {
                message = MessageTemplate.TryParse(messageText, out var problem);
                if (message is null)
                {
                    r.Error(YamlNodeReader.Child(offer, "message")!, $"message of {what}: {problem}", "placeholders: {" + string.Join("}, {", MessageTemplate.Placeholders) + "}");
                }
            }

            var percent = r.Decimal(offer, "percent", $"the offer of {what}", false, 0.01m, 100m);
            var amount = r.Decimal(offer, "amount", $"the offer of {what}", false, 0.01m, 1_000_000m);
            if (percent is not null && amount is not null)
            {
                r.Error(offer, $"the offer of {what} has both 'percent' and 'amount'", "choose one");
            }

            priceMatch = r.Bool(offer, "priceMatch", $"the offer of {what}") ?? false;
            if (priceMatch && (percent is not null || amount is not null))
            {
                r.Error(offer, $"the offer of {what} has 'priceMatch' and a fixed discount", "a price match takes its value from the competitor's price; remove 'percent'/'amount'");
            }

            if (priceMatch && trigger?.Kind != TriggerKind.PriceCheck)
            {
                r.Error(YamlNodeReader.Child(offer, "priceMatch")!, $"'priceMatch' in {what} needs a priceCheck trigger", "only a price check carries a competitor's price");
            }

            discount = percent is { } p ? Discount.Percent(p)
                : amount is { } a ? new Discount(DiscountKind.Amount, a, r.Scalar(offer, "currency", $"the offer of {what}", false) ?? "EUR")
                : new Discount(priceMatch ? DiscountKind.PriceMatch : DiscountKind.None, 0);
            validFor = r.Duration(offer, "validFor", $"the offer of {what}", required: true);
            stackable = r.Bool(offer, "stackable", $"the offer of {what}") ?? false;
        }

        var priority = r.Int(map, "priority", what, false, -1000, 1000) ?? 0;
        var caps = ReadCaps(r, map, what, settings);
        var freshFor = r.Duration(map, "freshFor", what, required: false) ?? TimeSpan.FromMinutes(5);
        if (r.Errors.Count > errorsBefore || id is null || trigger is null || message is null || discount is null || validFor is null || caps is null)
        {
            return null;
        }

        return new CompiledRule
        {
            Id = id,
            Trigger = trigger,
            FreshFor = freshFor,
            PriceMatch = priceMatch,
            Conditions = conditions,
            Message = message,
            Discount = discount,
            ValidFor = validFor.Value,
            ValidForText = DescribeValidity(validFor.Value),
            Caps = caps,
            Priority = priority,
            Stackable = stackable,
        };
    }

    private static TriggerSpec? ReadTrigger(YamlNodeReader r, YamlMappingNode rule, string what, IReadOnlyDictionary<string, Venue> venues)
    {
        var trigger = r.Mapping(YamlNodeReader.Child(rule, "trigger"), $"the trigger of {what}", TriggerKeys);
        if (trigger is null)
        {
            if (YamlNodeReader.Child(rule, "trigger") is null)
            {
                r.Error(rule, $"{what} is missing 'trigger'", "e.g. trigger: { enter: { venue: aurora } }");
            }

            return null;
        }

        if (trigger.Children.Count != 1)
        {
            r.Error(trigger, $"the trigger of {what} must name exactly one event", "supported: " + string.Join(", ", TriggerKeys));
            return null;
        }

        var errorsBefore = r.Errors.Count;
        switch (((YamlScalarNode)trigger.Children.Keys.First()).Value)
        {
            case "enter":
                var enter = r.Mapping(YamlNodeReader.Child(trigger, "enter"), $"the enter trigger of {what}", PlaceKeys);
                var (venue, category) = enter is null ? (null, null) : ReadPlace(r, enter, what, venues);
                return r.Errors.Count > errorsBefore || enter is null ? null : new TriggerSpec(TriggerKind.EnterVenue, venue, category);
            case "revisit":
                var revisit = r.Mapping(YamlNodeReader.Child(trigger, "revisit"), $"the revisit trigger of {what}", RevisitKeys);
                if (revisit is null)
                {
                    return null;
                }

                var (rv, rc) = ReadPlace(r, revisit, what, venues);
                var within = r.Duration(revisit, "within", "the revisit trigger", required: true);
                return r.Errors.Count > errorsBefore || within is null ? null : new TriggerSpec(TriggerKind.Revisit, rv, rc, within.Value);
            case "sedentary":
                var sedentary = r.Mapping(YamlNodeReader.Child(trigger, "sedentary"), $"the sedentary trigger of {what}", SedentaryKeys);
                var minutes = sedentary is null ? null : r.Int(sedentary, "minutes", "the sedentary trigger", true, 1, 24 * 60);
                return minutes is null ? null : new TriggerSpec(TriggerKind.Sedentary, SedentaryMinutes: minutes.Value);
            default:
                var check = YamlNodeReader.Child(trigger, "priceCheck");
                if (check is not YamlScalarNode { Value: null or "" or "{}" } && r.Mapping(check, $"the priceCheck trigger of {what}", PriceCheckKeys) is null)
                {
                    return null;
                }

                return r.Errors.Count > errorsBefore ? null : new TriggerSpec(TriggerKind.PriceCheck);
        }
    }

    private static (string? VenueId, string? Category) ReadPlace(YamlNodeReader r, YamlMappingNode place, string what, IReadOnlyDictionary<string, Venue> venues)
    {
        var venueId = r.Scalar(place, "venue", "the trigger", required: false);
        var category = r.Scalar(place, "category", "the trigger", required: false);
        if ((venueId is null) == (category is null))
        {
            r.Error(place, $"the trigger of {what} needs exactly one of 'venue' or 'category'");
        }

        if (venueId is not null && !venues.ContainsKey(venueId))
        {
            r.Error(YamlNodeReader.Child(place, "venue")!, $"unknown venue '{venueId}'", "venue ids come from the venues GeoJSON file");
        }

        return (venueId, category);
    }

    private static RuleCondition[] ReadConditions(YamlNodeReader r, YamlMappingNode rule, string what)
    {
        var when = r.Mapping(YamlNodeReader.Child(rule, "when"), $"the conditions of {what}", WhenKeys);
        if (when is null)
        {
            return [];
        }

        // Order matters for speed: cheap profile checks first, the friends count last.
        var conditions = new List<RuleCondition>();
        if (r.Scalar(when, "consent", $"the conditions of {what}", false) is { } purpose)
        {
            conditions.Add(new ConsentCondition(purpose));
        }

        if (r.StringList(when, "segments", $"the conditions of {what}") is { } segments)
        {
            conditions.Add(new SegmentCondition(segments));
        }

        var quiet = r.Mapping(YamlNodeReader.Child(when, "quietHours"), $"the quiet hours of {what}", QuietKeys);
        if (quiet is not null)
        {
            var from = ReadClock(r, quiet, "from", what);
            var to = ReadClock(r, quiet, "to", what);
            if (from is not null && from == to)
            {
                r.Error(quiet, $"the quiet hours of {what} start and end at the same time", "that window is either empty or the whole day; widen or remove it");
            }
            else if (from is { } f && to is { } t)
            {
                conditions.Add(new QuietHoursCondition(f, t));
            }
        }

        var friends = r.Mapping(YamlNodeReader.Child(when, "friends"), $"the friends condition of {what}", FriendsKeys);
        if (friends is not null)
        {
            var atLeast = r.Int(friends, "atLeast", "the friends condition", true, 1, 10_000);
            var within = r.Duration(friends, "within", "the friends condition", true);
            if (within > TimeSpan.FromDays(365))
            {
                r.Error(YamlNodeReader.Child(friends, "within")!, "the friends window may be at most 365d", "check-ins are kept for a year at most");
            }
            else if (atLeast is { } n && within is { } w)
            {
                conditions.Add(new MinFriendsCondition(n, w));
            }
        }

        return [.. conditions];
    }

    private static TimeOnly? ReadClock(YamlNodeReader r, YamlMappingNode map, string key, string what)
    {
        var text = r.Scalar(map, key, $"the quiet hours of {what}", required: true);
        if (text is null)
        {
            return null;
        }

        if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            r.Error(YamlNodeReader.Child(map, key)!, $"'{key}' is not a time of day: '{text}'", "write HH:mm, e.g. 22:00");
            return null;
        }

        return time;
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

    private static string DescribeValidity(TimeSpan t)
    {
        if (t.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{t.Days} {(t.Days == 1 ? "day" : "days")}");
        }

        return t.Ticks % TimeSpan.TicksPerHour == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} {((int)t.TotalHours == 1 ? "hour" : "hours")}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} minutes");
    }

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? message : message[..nl];
    }
}
