using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Geo.Geofencing;

/// <summary>
/// Turns successive pings of a customer into enter/exit transitions with hysteresis: an enter needs a fix
/// inside the fence with accuracy no worse than <see cref="GeofenceSettings.MaxAccuracyForEnterMeters"/>; an
/// exit needs a fix clearly outside (beyond <see cref="GeofenceSettings.ExitHysteresisMeters"/> plus the fix's
/// own accuracy). Out-of-order and duplicate pings change nothing. Pure apart from the index it reads.
/// </summary>
public sealed class Geofencer
{
    private readonly Func<FenceIndex> _index;
    private readonly GeofenceSettings _settings;

    /// <summary>A geofencer over a fixed index.</summary>
    public Geofencer(FenceIndex index, GeofenceSettings settings)
        : this(() => index, settings)
    {
    }

    /// <summary>A geofencer reading the current index per ping, so a reloaded index takes effect between signals.</summary>
    public Geofencer(Func<FenceIndex> index, GeofenceSettings settings)
    {
        _index = index;
        _settings = settings;
    }

    /// <summary>One index query for the ping: containing fences and near venues.</summary>
    public GeoLookup Lookup(LocationPing ping) => Lookup(ping, 0);

    /// <summary>One index query for the ping, searching near venues within the larger of the configured radius and <paramref name="nearRadiusMeters"/> (the rules' needs).</summary>
    public GeoLookup Lookup(LocationPing ping, double nearRadiusMeters)
    {
        ArgumentNullException.ThrowIfNull(ping);
        var index = _index();
        var scratch = t_scratch ??= new List<VenueProximity>(8);
        scratch.Clear();
        index.Containing(ping.Latitude, ping.Longitude, scratch);
        var containing = Snapshot(scratch);
        var near = containing;
        var radius = Math.Max(_settings.NearRadiusMeters, nearRadiusMeters);
        if (radius > 0)
        {
            index.Near(ping.Latitude, ping.Longitude, radius, scratch);
            near = Snapshot(scratch);
        }

        return containing.Length == 0 && near.Length == 0 ? GeoLookup.Nothing : new GeoLookup(containing, near);
    }

    // One list per thread to collect an index query's answer into, copied out only when it found something: most
    // pings are near nothing, and then the lookup allocates no list.
    [ThreadStatic]
    private static List<VenueProximity>? t_scratch;

    private static VenueProximity[] Snapshot(List<VenueProximity> scratch)
    {
        if (scratch.Count == 0)
        {
            return [];
        }

        var found = scratch.ToArray();
        scratch.Clear();
        return found;
    }

    /// <summary>Applies the ping to the customer's previous state, trusting its last-seen time whatever it is.</summary>
    /// <param name="ping">The fix.</param>
    /// <param name="lookup">The result of <see cref="Lookup(LocationPing, double)"/> for the same ping.</param>
    /// <param name="previous">The customer's state before this ping.</param>
    /// <param name="next">The state after it; the same instance as <paramref name="previous"/> when nothing changed (out-of-order or duplicate ping).</param>
    public GeoFacts Apply(LocationPing ping, GeoLookup lookup, CustomerState previous, out CustomerState next) =>
        Apply(ping, lookup, previous, now: null, out next);

    /// <summary>
    /// Applies the ping to the customer's previous state. A last-seen time more than <see cref="GeofenceSettings.MaxClockSkew"/>
    /// ahead of <paramref name="now"/> is not trusted for ordering (see there), and the state heals on this ping.
    /// </summary>
    /// <param name="ping">The fix.</param>
    /// <param name="lookup">The result of <see cref="Lookup(LocationPing, double)"/> for the same ping.</param>
    /// <param name="previous">The customer's state before this ping.</param>
    /// <param name="now">The processing clock.</param>
    /// <param name="next">The state after it; the same instance as <paramref name="previous"/> when nothing changed (out-of-order or duplicate ping).</param>
    public GeoFacts Apply(LocationPing ping, GeoLookup lookup, CustomerState previous, DateTimeOffset now, out CustomerState next) =>
        Apply(ping, lookup, previous, (DateTimeOffset?)now, out next);

    private GeoFacts Apply(LocationPing ping, GeoLookup lookup, CustomerState previous, DateTimeOffset? now, out CustomerState next)
    {
        ArgumentNullException.ThrowIfNull(ping);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(previous);
        var signal = RecentMarks.IdOf(ping.Id); // hashed once: looked up for a replay, then remembered
        if (Replayed(signal, previous) is { } replay)
        {
            next = previous;
            return replay;
        }

        if (previous.LastSeen is { } last && ping.Timestamp <= last && (now is not { } clock || last - clock <= _settings.MaxClockSkew))
        {
            next = previous;
            return GeoFacts.Empty;
        }

        var wasInside = previous.InsideVenues;
        if (lookup.Containing.Count == 0 && wasInside.Count == 0)
        {
            // Outside every fence before and after (most pings): no transition, and the state keeps its stays.
            next = previous with
            {
                LastSeen = ping.Timestamp,
                LastLatitude = ping.Latitude,
                LastLongitude = ping.Longitude,
                RecentSignals = previous.RecentSignals.Add(signal, null, null),
            };
            return Facts(ping, previous, lookup, [], [], []);
        }

        var inside = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        List<VenueProximity>? entered = null;
        List<VenueProximity>? insideFacts = null;
        foreach (var hit in lookup.Containing)
        {
            if (wasInside.TryGetValue(hit.Venue.Id, out var since))
            {
                inside[hit.Venue.Id] = since < ping.Timestamp ? since : ping.Timestamp; // a stay cannot start after a fix inside it
                (insideFacts ??= []).Add(hit);
            }
            else if (ping.AccuracyMeters <= _settings.MaxAccuracyForEnterMeters)
            {
                inside[hit.Venue.Id] = ping.Timestamp;
                (insideFacts ??= []).Add(hit);
                (entered ??= []).Add(hit);
            }
        }

        List<VenueProximity>? exited = null;
        foreach (var (venueId, since) in wasInside)
        {
            if (inside.ContainsKey(venueId))
            {
                continue;
            }

            var index = _index();
            if (!index.TryDistance(venueId, ping.Latitude, ping.Longitude, out var distance))
            {
                continue; // the venue left the venues file: forget it without an exit
            }

            var venue = index.Catalog.Venues[venueId];
            if (distance <= _settings.ExitHysteresisMeters + ping.AccuracyMeters)
            {
                inside[venueId] = since < ping.Timestamp ? since : ping.Timestamp; // not clearly outside: still inside
                (insideFacts ??= []).Add(new VenueProximity(venue, distance));
            }
            else
            {
                (exited ??= []).Add(new VenueProximity(venue, distance));
            }
        }

        next = previous with
        {
            InsideVenues = SameStays(inside, wasInside) ? wasInside : inside,
            LastSeen = ping.Timestamp,
            LastLatitude = ping.Latitude,
            LastLongitude = ping.Longitude,
            RecentSignals = previous.RecentSignals.Add(signal, entered is null ? null : Ids(entered), exited is null ? null : Ids(exited)),
            LastVisits = entered is null ? previous.LastVisits : Visits(previous.LastVisits, entered, ping.Timestamp),
        };
        return Facts(ping, previous, lookup, (IReadOnlyList<VenueProximity>?)entered ?? [], (IReadOnlyList<VenueProximity>?)insideFacts ?? [], (IReadOnlyList<VenueProximity>?)exited ?? []);
    }

    private static GeoFacts Facts(LocationPing ping, CustomerState previous, GeoLookup lookup, IReadOnlyList<VenueProximity> entered, IReadOnlyList<VenueProximity> inside, IReadOnlyList<VenueProximity> exited)
    {
        var (speed, heading) = Movement(ping, previous);
        return new GeoFacts
        {
            Entered = entered,
            Inside = inside,
            Exited = exited,
            Near = lookup.Near,
            SpeedMetersPerSecond = speed,
            HeadingDegrees = heading,
            Motion = speed switch { null => Motion.Unknown, < 0.5 => Motion.Still, < 3 => Motion.Walking, _ => Motion.Driving },
        };
    }

    // Whether a ping left the stays as they were (same venues, same start times): then the state keeps the previous
    // dictionary instance rather than an equal copy.
    private static bool SameStays(Dictionary<string, DateTimeOffset> inside, IReadOnlyDictionary<string, DateTimeOffset> wasInside)
    {
        if (inside.Count != wasInside.Count)
        {
            return false;
        }

        foreach (var (venueId, since) in inside)
        {
            if (!wasInside.TryGetValue(venueId, out var was) || was != since)
            {
                return false;
            }
        }

        return true;
    }

    // Speed and heading from the previous fix (within 10 minutes, so a phone left in a drawer overnight does not
    // "move" at 0 m/s); the device's own speed and heading win when it reports them.
    private static (double? Speed, double? Heading) Movement(LocationPing ping, CustomerState previous)
    {
        double? speed = ping.SpeedMetersPerSecond;
        double? heading = ping.HeadingDegrees;
        if (previous is { LastSeen: { } at, LastLatitude: { } lat, LastLongitude: { } lon })
        {
            var seconds = (ping.Timestamp - at).TotalSeconds;
            if (seconds is > 0 and <= 600)
            {
                var (x, y) = new LocalFrame(lat, lon).Project(ping.Latitude, ping.Longitude);
                var meters = Math.Sqrt((x * x) + (y * y));
                speed ??= meters / seconds;
                if (heading is null && meters > Math.Max(5, ping.AccuracyMeters))
                {
                    heading = (Math.Atan2(x, y) * 180 / Math.PI + 360) % 360;
                }
            }
        }

        return (speed, heading);
    }

    /// <summary>How many recent signals' transitions are remembered for replay. Default 8: more than a customer has uncommitted at once.</summary>
    public const int RememberedSignals = RecentMarks.Capacity;

    // A signal already applied (its offset not yet committed when the previous owner stopped): hand back the
    // transitions it produced then, without changing the state again, so rules see the same moment twice.
    private GeoFacts? Replayed(ulong signal, CustomerState previous)
    {
        if (!previous.RecentSignals.TryFind(signal, out var mark))
        {
            return null;
        }

        if (mark is null)
        {
            return GeoFacts.Empty; // it crossed no fence
        }

        var venues = _index().Catalog.Venues;
        var entered = Proximities(venues, mark.Entered, 0);
        return new GeoFacts { Entered = entered, Inside = entered, Exited = Proximities(venues, mark.Exited, double.PositiveInfinity) };
    }

    // The venues a replayed mark names that are still in the venues file, at the distance the replay reports.
    private static List<VenueProximity> Proximities(IReadOnlyDictionary<string, Venue> venues, IReadOnlyList<string> venueIds, double distance)
    {
        var found = new List<VenueProximity>(venueIds.Count);
        foreach (var id in venueIds)
        {
            if (venues.TryGetValue(id, out var venue))
            {
                found.Add(new VenueProximity(venue, distance));
            }
        }

        return found;
    }

    // Last entries per venue, for revisit rules: kept a year (revisit's 'after' reaches 365d) and bounded to the
    // newest MaxLastVisits venues, so a customer who walks past hundreds of fences does not grow their state for ever.
    private static Dictionary<string, DateTimeOffset> Visits(IReadOnlyDictionary<string, DateTimeOffset> previous, List<VenueProximity> entered, DateTimeOffset at)
    {
        var visits = new Dictionary<string, DateTimeOffset>(previous.Count + entered.Count, StringComparer.Ordinal);
        foreach (var (venue, when) in previous)
        {
            if (at - when <= LastVisitRetention)
            {
                visits[venue] = when;
            }
        }

        foreach (var v in entered)
        {
            visits[v.Venue.Id] = at;
        }

        if (visits.Count > MaxLastVisits)
        {
            foreach (var (venue, _) in visits.OrderBy(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).Take(visits.Count - MaxLastVisits).ToList())
            {
                visits.Remove(venue);
            }
        }

        return visits;
    }

    /// <summary>How long the last entry into a venue is remembered (revisit rules' <c>after</c> may be up to 365d).</summary>
    public static readonly TimeSpan LastVisitRetention = TimeSpan.FromDays(366);

    /// <summary>The most venues whose last entry is remembered per customer; the oldest entries go first.</summary>
    public const int MaxLastVisits = 64;

    private static string[] Ids(List<VenueProximity> venues)
    {
        if (venues.Count == 0)
        {
            return [];
        }

        var ids = new string[venues.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = venues[i].Venue.Id;
        }

        return ids;
    }
}
