using Momentary.Core.Venues;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// One kind of trigger as the rules language names it (<c>enter</c>, <c>dwell</c>, ...): its fields, how its YAML
/// is read, and how a rule book indexes its rules. Each trigger type declares its kind in its own file; the
/// registry (<see cref="TriggerKinds"/>) lists them.
/// </summary>
internal class TriggerKind
{
    private readonly Func<Trigger, bool> _owns;
    private readonly Func<TriggerReader, Trigger?> _read;
    private readonly Func<CompiledRule[], IReadOnlyDictionary<string, Venue>, SignalTriggerIndex>? _signalIndex;
    private readonly Func<CompiledRule[], VenueTriggerIndex>? _venueIndex;

    /// <summary>
    /// A kind whose triggers are those <paramref name="owns"/> accepts, indexed by exactly one of
    /// <paramref name="signalIndex"/> and <paramref name="venueIndex"/>; see <see cref="Of{T}"/> and <see cref="AtPlace{T}"/>.
    /// </summary>
    protected TriggerKind(
        string name,
        string[] fields,
        Func<Trigger, bool> owns,
        Func<TriggerReader, Trigger?> read,
        Func<CompiledRule[], IReadOnlyDictionary<string, Venue>, SignalTriggerIndex>? signalIndex,
        Func<CompiledRule[], VenueTriggerIndex>? venueIndex)
    {
        Name = name;
        Fields = fields;
        _owns = owns;
        _read = read;
        _signalIndex = signalIndex;
        _venueIndex = venueIndex;
    }

    /// <summary>The key that names the kind under <c>trigger:</c>.</summary>
    public string Name { get; }

    /// <summary>Whether <paramref name="trigger"/> is of this kind.</summary>
    public bool Owns(Trigger trigger) => _owns(trigger);

    /// <summary>The fields its mapping may have; any other is reported as unknown, with the closest as a hint.</summary>
    public string[] Fields { get; }

    /// <summary>Whether its triggers fire on location pings (it indexes its rules by place), so a rule has the customer's position.</summary>
    public bool OnLocation => _venueIndex is not null;

    /// <summary>
    /// The kind of trigger type <typeparamref name="T"/>, which reacts to a signal as a whole: <paramref name="read"/>
    /// reads its fields (reporting errors through the reader, returning <c>null</c> when a required one is missing),
    /// <paramref name="index"/> arranges a book's rules of this kind (file order, never empty) with the venues.
    /// </summary>
    public static TriggerKind Of<T>(string name, string[] fields, Func<TriggerReader, T?> read, Func<CompiledRule[], IReadOnlyDictionary<string, Venue>, SignalTriggerIndex> index)
        where T : Trigger => new(name, fields, static t => t is T, read, index, null);

    /// <summary>
    /// The kind of trigger type <typeparamref name="T"/>, which reacts to venues of a ping: as <see cref="Of{T}"/>, but
    /// <paramref name="index"/> arranges its rules by place, for one of the ping's venue lists.
    /// </summary>
    public static TriggerKind AtPlace<T>(string name, string[] fields, Func<TriggerReader, T?> read, Func<CompiledRule[], VenueTriggerIndex> index)
        where T : Trigger => new(name, fields, static t => t is T, read, null, index);

    /// <summary>
    /// The kind of a trigger about exactly one venue or category (fields <c>venue</c>, <c>category</c>) that fires,
    /// with no further check, for each venue it is about in one of a ping's venue lists (<paramref name="fact"/>).
    /// </summary>
    public static TriggerKind AtEachVenue<T>(string name, Func<string?, string?, T> create, VenueFact fact)
        where T : Trigger => AtPlace(
            name,
            ["venue", "category"],
            t =>
            {
                var (venueId, category) = t.Place(required: true);
                return create(venueId, category);
            },
            rules => new VenueTriggerIndex(rules, fact));

    /// <summary>
    /// Reads <paramref name="node"/>, the value under the kind's name in the trigger of <paramref name="what"/>
    /// (<c>rule 'x'</c>): a mapping of <see cref="Fields"/>. Every problem is reported, located, through
    /// <paramref name="r"/>; the result is <c>null</c> when there was any.
    /// </summary>
    public virtual Trigger? Read(YamlNodeReader r, YamlNode? node, string what, IReadOnlyDictionary<string, Venue> venues)
    {
        ArgumentNullException.ThrowIfNull(r);
        var about = $"the {Name} trigger of {what}";
        var errorsBefore = r.Errors.Count;
        var map = r.Mapping(node, about, Fields);
        if (map is null)
        {
            if (node is YamlScalarNode)
            {
                r.Error(node, $"{about} must be a mapping", "e.g. " + Name + ": { ... } — see docs/rules.md");
            }

            return null;
        }

        var trigger = _read(new TriggerReader(r, map, about, what, venues));
        return r.Errors.Count > errorsBefore ? null : trigger;
    }

    /// <summary>Adds the index of this kind's rules among <paramref name="rules"/> (file order kept) to the list it belongs in; nothing when there are none.</summary>
    public void IndexInto(IReadOnlyList<CompiledRule> rules, IReadOnlyDictionary<string, Venue> venues, List<VenueTriggerIndex> byVenue, List<SignalTriggerIndex> bySignal)
    {
        var own = rules.Where(r => _owns(r.Trigger)).ToArray();
        if (own.Length == 0)
        {
            return;
        }

        if (_venueIndex is not null)
        {
            byVenue.Add(_venueIndex(own));
        }
        else
        {
            bySignal.Add(_signalIndex!(own, venues));
        }
    }
}
