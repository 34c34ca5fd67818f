namespace Momentary.Core.Context;

/// <summary>
/// The binary customer state, format version 2 (docs/context-store.md, "State format"): a marker byte and the version,
/// then the fields in a fixed order. Version 1 held each recent signal's id as a string; version 2 holds its 64-bit
/// hash (<see cref="RecentMarks.IdOf"/>), and both are read. A new field means a new version: <see cref="Read"/>
/// rejects versions it does not know, and <see cref="EncodedProperties"/> (checked by a test against the types' properties) makes a property added to
/// the state without a version here fail the build's tests instead of silently not being stored.
/// </summary>
internal static class CustomerStateFormat
{
    /// <summary>First byte of a binary state: never <c>{</c> (old JSON), <c>E</c> (a fence header) nor a UTF-8 BOM.</summary>
    public const byte Marker = 0xB5;

    /// <summary>The version this build writes, and the newest it reads.</summary>
    public const byte Version = 2;

    /// <summary>The oldest version this build reads.</summary>
    public const byte OldestVersion = 1;

    private const byte HasLastSeen = 1, HasLatitude = 2, HasLongitude = 4;
    private const byte HasLastRedemption = 1;
    private const byte IsControl = 1, IsConverted = 2;

    /// <summary>The properties each stored type has in the format, by type: everything a state holds.</summary>
    public static IReadOnlyDictionary<Type, string[]> EncodedProperties { get; } = new Dictionary<Type, string[]>
    {
        [typeof(CustomerState)] =
        [
            nameof(CustomerState.LastSeen), nameof(CustomerState.LastLatitude), nameof(CustomerState.LastLongitude), nameof(CustomerState.InsideVenues),
            nameof(CustomerState.LastVisits), nameof(CustomerState.RecentSignals), nameof(CustomerState.Routines), nameof(CustomerState.Propensities),
            nameof(CustomerState.Exposures), nameof(CustomerState.HeartRates),
        ],
        [typeof(RecentMarks)] = [], // no settable properties: written whole, each signal's id with its transitions' venues
        [typeof(PurchaseRoutine)] = [nameof(PurchaseRoutine.LastPurchase), nameof(PurchaseRoutine.Purchases), nameof(PurchaseRoutine.MeanIntervalHours)],
        [typeof(CategoryPropensity)] = [nameof(CategoryPropensity.Offered), nameof(CategoryPropensity.Redeemed), nameof(CategoryPropensity.UpdatedAt), nameof(CategoryPropensity.LastRedemption)],
        [typeof(OfferExposure)] =
        [
            nameof(OfferExposure.RuleId), nameof(OfferExposure.Category), nameof(OfferExposure.Until), nameof(OfferExposure.Control), nameof(OfferExposure.From),
            nameof(OfferExposure.OfferId), nameof(OfferExposure.Converted), nameof(OfferExposure.Variant),
        ],
        [typeof(HeartRateSample)] = [nameof(HeartRateSample.At), nameof(HeartRateSample.Bpm)],
    };

    public static void Write(ref StateBinaryWriter w, CustomerState s)
    {
        w.WriteByte(Marker);
        w.WriteByte(Version);
        w.WriteByte((byte)((s.LastSeen.HasValue ? HasLastSeen : 0) | (s.LastLatitude.HasValue ? HasLatitude : 0) | (s.LastLongitude.HasValue ? HasLongitude : 0)));
        if (s.LastSeen is { } seen)
        {
            w.WriteTime(seen);
        }

        if (s.LastLatitude is { } lat)
        {
            w.WriteDouble(lat);
        }

        if (s.LastLongitude is { } lon)
        {
            w.WriteDouble(lon);
        }

        WriteMap(ref w, s.InsideVenues, static (ref w, at) => w.WriteTime(at));
        WriteMap(ref w, s.LastVisits, static (ref w, at) => w.WriteTime(at));
        WriteMarks(ref w, s.RecentSignals);

        WriteMap(ref w, s.Routines, static (ref w, r) =>
        {
            w.WriteTime(r.LastPurchase);
            w.WriteInt(r.Purchases);
            w.WriteDouble(r.MeanIntervalHours);
        });
        WriteMap(ref w, s.Propensities, static (ref w, p) =>
        {
            w.WriteDouble(p.Offered);
            w.WriteDouble(p.Redeemed);
            w.WriteTime(p.UpdatedAt);
            w.WriteByte(p.LastRedemption.HasValue ? HasLastRedemption : (byte)0);
            if (p.LastRedemption is { } last)
            {
                w.WriteTime(last);
            }
        });
        var exposures = s.Exposures ?? [];
        w.WriteCount(exposures.Count);
        for (var i = 0; i < exposures.Count; i++)
        {
            var e = exposures[i];
            w.WriteByte((byte)((e.Control ? IsControl : 0) | (e.Converted ? IsConverted : 0)));
            w.WriteString(e.RuleId);
            w.WriteString(e.Category);
            w.WriteTime(e.Until);
            w.WriteTime(e.From);
            w.WriteString(e.OfferId);
            w.WriteString(e.Variant);
        }

        var rates = s.HeartRates ?? [];
        w.WriteCount(rates.Count);
        for (var i = 0; i < rates.Count; i++)
        {
            w.WriteTime(rates[i].At);
            w.WriteInt(rates[i].Bpm);
        }
    }

    public static CustomerState Read(ref StateBinaryReader r)
    {
        if (r.ReadByte() != Marker)
        {
            throw new CustomerStateFormatException("not a binary state");
        }

        var version = r.ReadByte();
        if (version is < OldestVersion or > Version)
        {
            throw new CustomerStateFormatException(version > Version
                ? $"the state is in format version {version}, newer than this build reads ({Version}): it was written by a newer Momentary"
                : $"unknown state format version {version}");
        }

        var present = r.ReadByte();
        if ((present & ~(HasLastSeen | HasLatitude | HasLongitude)) != 0)
        {
            throw new CustomerStateFormatException("unknown presence flags");
        }

        var lastSeen = (present & HasLastSeen) != 0 ? r.ReadTime() : (DateTimeOffset?)null;
        var lat = (present & HasLatitude) != 0 ? r.ReadDouble() : (double?)null;
        var lon = (present & HasLongitude) != 0 ? r.ReadDouble() : (double?)null;
        var inside = ReadTimes(ref r);
        var visits = ReadTimes(ref r);
        var marks = ReadMarks(ref r, version);

        var n = r.ReadCount();
        var routines = new Dictionary<string, PurchaseRoutine>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            Add(routines, r.ReadKey(), new PurchaseRoutine(r.ReadTime(), r.ReadInt(), r.ReadDouble()));
        }

        n = r.ReadCount();
        var propensities = new Dictionary<string, CategoryPropensity>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var category = r.ReadKey();
            var p = new CategoryPropensity(r.ReadDouble(), r.ReadDouble(), r.ReadTime());
            Add(propensities, category, Flags(r.ReadByte(), HasLastRedemption) == HasLastRedemption ? p with { LastRedemption = r.ReadTime() } : p);
        }

        var exposures = new OfferExposure[r.ReadCount()];
        for (var i = 0; i < exposures.Length; i++)
        {
            var flags = Flags(r.ReadByte(), IsControl | IsConverted);
            exposures[i] = new OfferExposure(r.ReadString()!, r.ReadString()!, r.ReadTime(), (flags & IsControl) != 0, r.ReadTime(), r.ReadString(), (flags & IsConverted) != 0, r.ReadString());
        }

        var rates = new HeartRateSample[r.ReadCount()];
        for (var i = 0; i < rates.Length; i++)
        {
            rates[i] = new HeartRateSample(r.ReadTime(), r.ReadInt());
        }

        r.ExpectEnd();
        return new CustomerState
        {
            LastSeen = lastSeen,
            LastLatitude = lat,
            LastLongitude = lon,
            InsideVenues = inside,
            LastVisits = visits,
            RecentSignals = marks,
            Routines = routines,
            Propensities = propensities,
            Exposures = exposures,
            HeartRates = rates,
        };
    }

    // Entries in the dictionary's own order; a Dictionary is walked with its struct enumerator (no allocation).
    private static void WriteMap<T>(ref StateBinaryWriter w, IReadOnlyDictionary<string, T>? map, ValueWriter<T> write)
    {
        w.WriteCount(map?.Count ?? 0);
        if (map is Dictionary<string, T> dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                w.WriteString(key);
                write(ref w, value);
            }
        }
        else if (map is not null)
        {
            foreach (var (key, value) in map)
            {
                w.WriteString(key);
                write(ref w, value);
            }
        }
    }

    // Each remembered signal oldest first: its id (version 2: 8 bytes; version 1: the id string), the venues it
    // entered, the venues it exited (both empty for most signals).
    private static void WriteMarks(ref StateBinaryWriter w, RecentMarks marks)
    {
        w.WriteCount(marks.Count);
        var transitions = marks.Transitions;
        var next = 0;
        for (var i = 0; i < marks.Count; i++)
        {
            w.WriteUInt64(marks[i]);
            if (next < transitions.Count && transitions[next].Id == marks[i])
            {
                WriteStrings(ref w, transitions[next].Entered);
                WriteStrings(ref w, transitions[next++].Exited);
            }
            else
            {
                w.WriteCount(0);
                w.WriteCount(0);
            }
        }
    }

    private static RecentMarks ReadMarks(ref StateBinaryReader r, byte version)
    {
        var count = r.ReadCount();
        Span<ulong> ids = count <= 64 ? stackalloc ulong[count] : new ulong[count];
        List<SignalMark>? transitions = null;
        for (var i = 0; i < count; i++)
        {
            // Arguments are evaluated left to right (C# guarantees it): they are read in the format's order.
            ids[i] = version == 1 ? RecentMarks.IdOf(r.ReadString() ?? throw new CustomerStateFormatException("a signal id is null")) : r.ReadUInt64();
            var (entered, exited) = (ReadStrings(ref r), ReadStrings(ref r));
            if (entered.Length > 0 || exited.Length > 0)
            {
                (transitions ??= []).Add(new SignalMark(ids[i], entered, exited));
            }
        }

        return RecentMarks.Restore(ids, transitions);
    }

    private static Dictionary<string, DateTimeOffset> ReadTimes(ref StateBinaryReader r)
    {
        var n = r.ReadCount();
        var times = new Dictionary<string, DateTimeOffset>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            Add(times, r.ReadKey(), r.ReadTime());
        }

        return times;
    }

    private static void WriteStrings(ref StateBinaryWriter w, IReadOnlyList<string>? values)
    {
        values ??= [];
        w.WriteCount(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            w.WriteString(values[i]);
        }
    }

    private static string[] ReadStrings(ref StateBinaryReader r)
    {
        var values = new string[r.ReadCount()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadString()!;
        }

        return values;
    }

    private static void Add<T>(Dictionary<string, T> map, string key, T value)
    {
        if (!map.TryAdd(key, value))
        {
            throw new CustomerStateFormatException("a map key appears twice");
        }
    }

    private delegate void ValueWriter<in T>(ref StateBinaryWriter w, T value);

    private static byte Flags(byte flags, int known) =>
        (flags & ~known) == 0 ? flags : throw new CustomerStateFormatException("unknown flags");
}
