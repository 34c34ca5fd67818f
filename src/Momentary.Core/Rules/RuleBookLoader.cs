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
    private static readonly string[] SettingsKeys = ["maxOffersPerSignal", "maxOffersPerCustomerPerHour", "segments", "tiers"];
    private static readonly string[] RuleKeys = ["id", "description", "trigger", "when", "offer", "priority", "caps", "freshFor", "holdout"];
    private static readonly string[] TriggerKeys = ["enter", "exit", "dwell", "near", "revisit", "sedentary", "steps", "friendCheckIn", "share", "priceCheck", "routine"];
    private static readonly string[] PlaceKeys = ["venue", "category"];
    private static readonly string[] DwellKeys = ["venue", "category", "atLeast"];
    private static readonly string[] NearKeys = ["venue", "category", "within"];
    private static readonly string[] RevisitKeys = ["venue", "category", "within"];
    private static readonly string[] SedentaryKeys = ["minutes"];
    private static readonly string[] StepsKeys = ["atLeast"];
    private static readonly string[] FriendCheckInKeys = ["venue", "category", "within", "radius"];
    private static readonly string[] ShareKeys = ["rewardPercent", "linkValidFor"];
    private static readonly string[] RoutineKeys = ["category", "overdueBy", "within"];
    private static readonly string[] PriceCheckKeys = [];
    private static readonly string[] WhenKeys = ["consent", "segments", "interests", "tier", "friends", "quietHours", "hours", "days", "dates", "propensity"];
    private static readonly string[] ClockKeys = ["from", "to"];
    private static readonly string[] DatesKeys = ["from", "until"];
    private static readonly string[] PropensityKeys = ["atLeast"];
    private static readonly string[] FriendsKeys = ["atLeast", "within"];
    private static readonly string[] OfferKeys = ["message", "percent", "amount", "currency", "priceMatch", "validFor", "stackable", "category", "value"];
    private static readonly string[] CapsKeys = ["perCustomer", "window", "cooldown", "dailyBudget"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

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

        // File.ReadAllText drops a byte-order mark; text from elsewhere may still start with one.
        if (yaml.StartsWith('\uFEFF'))
        {
            yaml = yaml[1..];
        }

        // What the representation model cannot load without dying (a stack overflow) or throwing something else
        // than a syntax error is caught first, located, on the event stream.
        if (YamlGuard.Check(yaml, source) is { } unsafeYaml)
        {
            errors = [unsafeYaml];
            return false;
        }

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
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            errors = [new RuleError(source, 1, 1, $"not valid YAML ({ex.GetType().Name}: {FirstLine(ex.Message)})")];
            return false;
        }

        try
        {
            return TryCompile(stream, reader, source, venues, out book, out errors);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Last resort: a shape of document the checks above did not foresee is a located error (the file's start,
            // as the failing node is unknown), never an exception out of 'rules validate' or the reload timer.
            book = null;
            errors = [.. reader.Errors, new RuleError(source, 1, 1, $"the rules file could not be read ({ex.GetType().Name}: {FirstLine(ex.Message)})")];
            return false;
        }
    }

    private static bool TryCompile(YamlStream stream, YamlNodeReader reader, string source, IReadOnlyDictionary<string, Venue> venues, out RuleBook? book, out IReadOnlyList<RuleError> errors)
    {
        book = null;

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

        var trigger = ReadTrigger(r, map, what, venues);
        var offerNode = YamlNodeReader.Child(map, "offer") as YamlMappingNode;
        var offerCategory = offerNode is null ? null : r.Scalar(offerNode, "category", $"the offer of {what}", false);
        var conditions = ReadConditions(r, map, what, settings);
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
        decimal? value = null;
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
            value = r.Decimal(offer, "value", $"the offer of {what}", false, 0m, 1_000_000m);
        }

        var holdout = ReadHoldout(r, map, what);

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
            HoldoutBasisPoints = holdout,
            OfferCategory = offerCategory,
            Value = value is { } v ? (double)v : null,
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

        if (trigger.Children.Keys.First() is not YamlScalarNode { Value: { } kind } || Array.IndexOf(TriggerKeys, kind) < 0)
        {
            return null; // already reported as an unknown field, with the closest trigger as a hint
        }

        var node = YamlNodeReader.Child(trigger, kind);
        var about = $"the {kind} trigger of {what}";
        if (kind == "priceCheck")
        {
            return node is YamlScalarNode { Value: null or "" } || r.Mapping(node, about, PriceCheckKeys) is not null ? new TriggerSpec(TriggerKind.PriceCheck) : null;
        }

        var errorsBefore = r.Errors.Count;
        var map = r.Mapping(node, about, kind switch
        {
            "enter" or "exit" => PlaceKeys,
            "dwell" => DwellKeys,
            "near" => NearKeys,
            "revisit" => RevisitKeys,
            "sedentary" => SedentaryKeys,
            "steps" => StepsKeys,
            "friendCheckIn" => FriendCheckInKeys,
            "share" => ShareKeys,
            _ => RoutineKeys,
        });
        if (map is null)
        {
            if (node is YamlScalarNode)
            {
                r.Error(node, $"{about} must be a mapping", "e.g. " + kind + ": { ... } — see docs/rules.md");
            }

            return null;
        }

        TriggerSpec? spec;
        switch (kind)
        {
            case "enter":
            case "exit":
                var (venue, category) = ReadPlace(r, map, what, venues, required: true);
                spec = new TriggerSpec(kind == "enter" ? TriggerKind.EnterVenue : TriggerKind.ExitVenue, venue, category);
                break;
            case "dwell":
                var (dv, dc) = ReadPlace(r, map, what, venues, required: true);
                var dwell = r.Duration(map, "atLeast", about, required: true);
                if (dwell is { } d && (d < TimeSpan.FromMinutes(1) || d > TimeSpan.FromHours(24)))
                {
                    r.Error(YamlNodeReader.Child(map, "atLeast")!, $"the dwell time of {what} must be from 1m to 24h", "a stay is measured between pings");
                }

                spec = dwell is null ? null : new TriggerSpec(TriggerKind.Dwell, dv, dc, dwell.Value);
                break;
            case "near":
                var (nv, nc) = ReadPlace(r, map, what, venues, required: true);
                var radius = ReadDistance(r, map, "within", about, required: true);
                spec = radius is null ? null : new TriggerSpec(TriggerKind.Near, nv, nc, DistanceMeters: radius.Value);
                break;
            case "revisit":
                var (rv, rc) = ReadPlace(r, map, what, venues, required: true);
                var within = r.Duration(map, "within", about, required: true);
                spec = within is null ? null : new TriggerSpec(TriggerKind.Revisit, rv, rc, within.Value);
                break;
            case "sedentary":
                var minutes = r.Int(map, "minutes", about, true, 1, 24 * 60);
                spec = minutes is null ? null : new TriggerSpec(TriggerKind.Sedentary, Threshold: minutes.Value);
                break;
            case "steps":
                var steps = r.Int(map, "atLeast", about, true, 1, 200_000);
                spec = steps is null ? null : new TriggerSpec(TriggerKind.Steps, Threshold: steps.Value);
                break;
            case "friendCheckIn":
                var (fv, fc) = ReadPlace(r, map, what, venues, required: false);
                var recent = r.Duration(map, "within", about, required: true);
                if (recent > TimeSpan.FromDays(1))
                {
                    r.Error(YamlNodeReader.Child(map, "within")!, $"the friend check-in window of {what} may be at most 1d", "it is about friends who are there now; use a friends condition for longer windows");
                }

                var around = ReadDistance(r, map, "radius", about, required: false) ?? 0;
                spec = recent is null ? null : new TriggerSpec(TriggerKind.FriendCheckIn, fv, fc, recent.Value, DistanceMeters: around);
                break;
            case "share":
                var reward = r.Decimal(map, "rewardPercent", about, true, 0.01m, 50m);
                var linkValid = r.Duration(map, "linkValidFor", about, false) ?? TimeSpan.FromDays(30);
                spec = reward is null ? null : new TriggerSpec(TriggerKind.Share, RewardPercent: reward.Value, LinkValidFor: linkValid);
                break;
            default:
                var routineCategory = r.Scalar(map, "category", about, required: true);
                var overdue = r.Duration(map, "overdueBy", about, required: true);
                var reach = ReadDistance(r, map, "within", about, required: true);
                spec = routineCategory is null || overdue is null || reach is null ? null
                    : new TriggerSpec(TriggerKind.Routine, Category: routineCategory, Within: overdue.Value, DistanceMeters: reach.Value);
                break;
        }

        return r.Errors.Count > errorsBefore ? null : spec;
    }

    private static double? ReadDistance(YamlNodeReader r, YamlMappingNode map, string key, string what, bool required)
    {
        var text = r.Scalar(map, key, what, required);
        if (text is null)
        {
            return null;
        }

        var (number, factor) = text.EndsWith("km", StringComparison.Ordinal) ? (text[..^2], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 1.0)
            : (text, 0.0);
        if (factor == 0 || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * factor > 5000)
        {
            r.Error(YamlNodeReader.Child(map, key)!, $"'{key}' in {what} is not a distance from 1m to 5km: '{text}'", "write metres or kilometres: 300m, 1.5km");
            return null;
        }

        return value * factor;
    }

    private static (string? VenueId, string? Category) ReadPlace(YamlNodeReader r, YamlMappingNode place, string what, IReadOnlyDictionary<string, Venue> venues, bool required)
    {
        var venueId = r.Scalar(place, "venue", "the trigger", required: false);
        var category = r.Scalar(place, "category", "the trigger", required: false);
        if (venueId is not null && category is not null || required && venueId is null && category is null)
        {
            r.Error(place, $"the trigger of {what} needs {(required ? "exactly" : "at most")} one of 'venue' or 'category'");
        }

        if (venueId is not null && !venues.ContainsKey(venueId))
        {
            var close = YamlNodeReader.Closest(venueId, [.. venues.Keys]);
            r.Error(YamlNodeReader.Child(place, "venue")!, $"unknown venue '{venueId}'", close is null ? "venue ids come from the venues GeoJSON file" : $"did you mean '{close}'?");
        }

        if (category is not null && !venues.Values.Any(v => v.Category == category))
        {
            r.Error(YamlNodeReader.Child(place, "category")!, $"no venue has category '{category}'", "categories come from the venues GeoJSON file: " + string.Join(", ", venues.Values.Select(v => v.Category).Distinct().Order(StringComparer.Ordinal)));
        }

        return (venueId, category);
    }

    private static RuleCondition[] ReadConditions(YamlNodeReader r, YamlMappingNode rule, string what, RuleBookSettings settings)
    {
        var when = r.Mapping(YamlNodeReader.Child(rule, "when"), $"the conditions of {what}", WhenKeys);
        if (when is null)
        {
            return [];
        }

        // Order matters for speed: cheap profile checks first, clocks next, the friends count last.
        var about = $"the conditions of {what}";
        var conditions = new List<RuleCondition>();
        if (r.StringList(when, "consent", about) is { } purposes)
        {
            conditions.Add(new ConsentCondition(purposes));
        }

        if (r.StringList(when, "segments", about) is { } segments)
        {
            CheckKnown(r, YamlNodeReader.Child(when, "segments")!, segments, settings.Segments, "segment", "settings.segments");
            conditions.Add(ProfileListCondition.Segments(segments));
        }

        if (r.StringList(when, "interests", about) is { } interests)
        {
            conditions.Add(ProfileListCondition.Interests(interests));
        }

        if (r.StringList(when, "tier", about) is { } tiers)
        {
            CheckKnown(r, YamlNodeReader.Child(when, "tier")!, tiers, settings.Tiers, "tier", "settings.tiers");
            conditions.Add(ProfileListCondition.Tier(tiers));
        }

        var dates = r.Mapping(YamlNodeReader.Child(when, "dates"), $"the active dates of {what}", DatesKeys);
        if (dates is not null)
        {
            var from = ReadDate(r, dates, "from", what);
            var until = ReadDate(r, dates, "until", what);
            if (YamlNodeReader.Child(dates, "from") is null && YamlNodeReader.Child(dates, "until") is null)
            {
                r.Error(dates, $"the active dates of {what} need 'from', 'until' or both");
            }
            else if (from > until)
            {
                r.Error(dates, $"the active dates of {what} end before they start", "'until' must be on or after 'from'");
            }
            else if (from is not null || until is not null)
            {
                conditions.Add(new DateRangeCondition(from, until));
            }
        }

        var quiet = r.Mapping(YamlNodeReader.Child(when, "quietHours"), $"the quiet hours of {what}", ClockKeys);
        if (quiet is not null && ReadWindow(r, quiet, $"the quiet hours of {what}") is var (qf, qt) && qf is not null)
        {
            conditions.Add(new QuietHoursCondition(qf.Value, qt!.Value));
        }

        TimeOnly? hoursFrom = null, hoursTo = null;
        var hours = r.Mapping(YamlNodeReader.Child(when, "hours"), $"the hours of {what}", ClockKeys);
        if (hours is not null)
        {
            (hoursFrom, hoursTo) = ReadWindow(r, hours, $"the hours of {what}");
        }

        var days = ReadDays(r, when, what);
        if (hoursFrom is not null || days is not null)
        {
            conditions.Add(new TimeWindowCondition(hoursFrom, hoursTo, days));
        }

        var propensity = r.Mapping(YamlNodeReader.Child(when, "propensity"), $"the propensity condition of {what}", PropensityKeys);
        if (propensity is not null && r.Decimal(propensity, "atLeast", "the propensity condition", true, 0m, 1m) is { } p)
        {
            conditions.Add(new PropensityCondition((double)p));
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

    private static void CheckKnown(YamlNodeReader r, YamlNode node, string[] used, IReadOnlyList<string>? known, string noun, string declaredIn)
    {
        if (known is null)
        {
            return;
        }

        foreach (var name in used)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                var close = YamlNodeReader.Closest(name, [.. known]);
                r.Error(node, $"unknown {noun} '{name}'", close is null ? $"declared in {declaredIn}: {string.Join(", ", known)}" : $"did you mean '{close}'?");
            }
        }
    }

    private static (TimeOnly? From, TimeOnly? To) ReadWindow(YamlNodeReader r, YamlMappingNode map, string what)
    {
        var from = ReadClock(r, map, "from", what);
        var to = ReadClock(r, map, "to", what);
        if (from is not null && from == to)
        {
            r.Error(map, $"{what} start and end at the same time", "that window is either empty or the whole day; widen or remove it");
            return (null, null);
        }

        return from is null || to is null ? (null, null) : (from, to);
    }

    private static DayOfWeek[]? ReadDays(YamlNodeReader r, YamlMappingNode when, string what)
    {
        if (r.StringList(when, "days", $"the conditions of {what}") is not { } names)
        {
            return null;
        }

        var days = new List<DayOfWeek>();
        foreach (var name in names)
        {
            var i = Array.IndexOf(DayNames, name.ToLowerInvariant());
            if (i < 0)
            {
                r.Error(YamlNodeReader.Child(when, "days")!, $"'{name}' is not a day of the week", "use mon, tue, wed, thu, fri, sat, sun");
                return null;
            }

            days.Add((DayOfWeek)i);
        }

        return [.. days.Distinct()];
    }

    private static DateOnly? ReadDate(YamlNodeReader r, YamlMappingNode map, string key, string what) =>
        ReadExact<DateOnly>(r, map, key, $"the active dates of {what}", false, static (string t, out DateOnly d) => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d), "a date", "write yyyy-MM-dd, e.g. 2026-12-24");

    private static TimeOnly? ReadClock(YamlNodeReader r, YamlMappingNode map, string key, string what) =>
        ReadExact<TimeOnly>(r, map, key, what, true, static (string t, out TimeOnly c) => TimeOnly.TryParseExact(t, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out c), "a time of day", "write HH:mm, e.g. 22:00");

    private delegate bool TryParseText<T>(string text, out T value);

    /// <summary>Reads a scalar in one exact format, reporting "'key' is not NOUN: 'text' (hint)" at the value.</summary>
    private static T? ReadExact<T>(YamlNodeReader r, YamlMappingNode map, string key, string what, bool required, TryParseText<T> parse, string noun, string hint)
        where T : struct
    {
        var text = r.Scalar(map, key, what, required);
        if (text is null)
        {
            return null;
        }

        if (!parse(text, out var value))
        {
            r.Error(YamlNodeReader.Child(map, key)!, $"'{key}' is not {noun}: '{text}'", hint);
            return null;
        }

        return value;
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
