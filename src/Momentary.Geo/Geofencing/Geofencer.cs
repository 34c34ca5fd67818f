using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Signals;

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
    public GeoLookup Lookup(LocationPing ping)
    {
        ArgumentNullException.ThrowIfNull(ping);
        var index = _index();
        var containing = new List<VenueProximity>(2);
        index.Containing(ping.Latitude, ping.Longitude, containing);
        var near = new List<VenueProximity>(4);
        index.Near(ping.Latitude, ping.Longitude, _settings.NearRadiusMeters, near);
        return new GeoLookup(containing, near);
    }

    /// <summary>Applies the ping to the customer's previous state.</summary>
    /// <param name="ping">The fix.</param>
    /// <param name="lookup">The result of <see cref="Lookup"/> for the same ping.</param>
    /// <param name="previous">The customer's state before this ping.</param>
    /// <param name="next">The state after it; the same instance as <paramref name="previous"/> when nothing changed (out-of-order or duplicate ping).</param>
    public GeoFacts Apply(LocationPing ping, GeoLookup lookup, CustomerState previous, out CustomerState next)
    {
        ArgumentNullException.ThrowIfNull(ping);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(previous);
        if (Replayed(ping, previous) is { } replay)
        {
            next = previous;
            return replay;
        }

        if (previous.LastSeen is { } last && ping.Timestamp <= last)
        {
            next = previous;
            return GeoFacts.Empty;
        }

        var wasInside = previous.InsideVenues;
        var inside = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var entered = new List<VenueProximity>();
        var insideFacts = new List<VenueProximity>();
        foreach (var hit in lookup.Containing)
        {
            if (wasInside.TryGetValue(hit.Venue.Id, out var since))
            {
                inside[hit.Venue.Id] = since;
                insideFacts.Add(hit);
            }
            else if (ping.AccuracyMeters <= _settings.MaxAccuracyForEnterMeters)
            {
                inside[hit.Venue.Id] = ping.Timestamp;
                insideFacts.Add(hit);
                entered.Add(hit);
            }
        }

        List<VenueProximity>? exited = null;
        foreach (var (venueId, since) in wasInside)
        {
            if (inside.ContainsKey(venueId))
            {
                continue;
            }

            var near = Find(lookup.Near, venueId);
            if (near is not null && near.DistanceMeters <= _settings.ExitHysteresisMeters + ping.AccuracyMeters)
            {
                inside[venueId] = since; // not clearly outside: still inside
                insideFacts.Add(near);
            }
            else
            {
                var venue = near?.Venue ?? (_index().Catalog.Venues.TryGetValue(venueId, out var v) ? v : null);
                if (venue is not null)
                {
                    (exited ??= []).Add(new VenueProximity(venue, near?.DistanceMeters ?? double.PositiveInfinity));
                }
            }
        }

        next = previous with
        {
            InsideVenues = inside,
            LastSeen = ping.Timestamp,
            LastLatitude = ping.Latitude,
            LastLongitude = ping.Longitude,
            RecentSignals = Remember(previous.RecentSignals, ping.Id, entered, exited),
        };
        return new GeoFacts { Entered = entered, Inside = insideFacts, Exited = exited ?? [], Near = lookup.Near };
    }

    /// <summary>How many recent signals' transitions are remembered for replay. Default 8: more than a customer has uncommitted at once.</summary>
    public const int RememberedSignals = 8;

    // A signal already applied (its offset not yet committed when the previous owner stopped): hand back the
    // transitions it produced then, without changing the state again, so rules see the same moment twice.
    private GeoFacts? Replayed(LocationPing ping, CustomerState previous)
    {
        foreach (var mark in previous.RecentSignals)
        {
            if (!string.Equals(mark.SignalId, ping.Id, StringComparison.Ordinal))
            {
                continue;
            }

            var venues = _index().Catalog.Venues;
            var entered = new List<VenueProximity>(mark.Entered.Count);
            foreach (var id in mark.Entered)
            {
                if (venues.TryGetValue(id, out var v))
                {
                    entered.Add(new VenueProximity(v, 0));
                }
            }

            var exited = new List<VenueProximity>(mark.Exited.Count);
            foreach (var id in mark.Exited)
            {
                if (venues.TryGetValue(id, out var v))
                {
                    exited.Add(new VenueProximity(v, double.PositiveInfinity));
                }
            }

            return new GeoFacts { Entered = entered, Inside = entered, Exited = exited };
        }

        return null;
    }

    private static IReadOnlyList<SignalMark> Remember(IReadOnlyList<SignalMark> recent, string signalId, List<VenueProximity> entered, List<VenueProximity>? exited)
    {
        var keep = Math.Min(recent.Count, RememberedSignals - 1);
        var marks = new SignalMark[keep + 1];
        for (var i = 0; i < keep; i++)
        {
            marks[i] = recent[recent.Count - keep + i];
        }

        marks[keep] = new SignalMark(signalId, Ids(entered), exited is null ? [] : Ids(exited));
        return marks;
    }

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

    private static VenueProximity? Find(IReadOnlyList<VenueProximity> list, string venueId)
    {
        foreach (var v in list)
        {
            if (string.Equals(v.Venue.Id, venueId, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }
}
