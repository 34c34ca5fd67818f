using Momentary.Core.Signals;

namespace Momentary.City;

/// <summary>
/// An endless, deterministic stream of signals from the simulated city. Each customer walks (1.4 m/s) or drives
/// (11 m/s) from where they are toward a target (home, work, a favourite venue), pinging every step with a
/// realistic accuracy radius; on arrival they sometimes check in (fanned out to friends) or price-check.
/// </summary>
public sealed class SignalGenerator
{
    private readonly CityModel _city;
    private readonly SignalMix _mix;
    private readonly Random _rng;
    private readonly double[] _lat;
    private readonly double[] _lon;
    private readonly int[] _target;
    private readonly bool[] _driving;
    private long _sequence;

    public SignalGenerator(CityModel city, SignalMix? mix = null, int seedOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(city);
        _city = city;
        _mix = mix ?? new SignalMix();
        _rng = new Random(city.Settings.Seed + 1 + seedOffset);
        var n = city.Customers.Count;
        _lat = new double[n];
        _lon = new double[n];
        _target = new int[n];
        _driving = new bool[n];
        for (var i = 0; i < n; i++)
        {
            _lat[i] = city.Customers[i].HomeLat;
            _lon[i] = city.Customers[i].HomeLon;
            _target[i] = city.Customers[i].FavouriteVenues[0];
        }
    }

    /// <summary>The next signal, stamped <paramref name="now"/>, with an id unique within this generator's run.</summary>
    /// <summary>A location ping of customer <paramref name="customerIndex"/> (one per customer warms the pipeline up).</summary>
    public Signal Ping(DateTimeOffset now, int customerIndex) => Step(customerIndex, $"g{_sequence++:x}", now);

    public Signal Next(DateTimeOffset now)
    {
        var i = _rng.Next(_city.Customers.Count);
        var customer = _city.Customers[i];
        var id = $"g{_sequence++:x}";
        var total = _mix.Location + _mix.Wearable + _mix.Social + _mix.Commerce;
        var roll = _rng.NextDouble() * total;
        if (roll < _mix.Location)
        {
            return Step(i, id, now);
        }

        roll -= _mix.Location;
        if (roll < _mix.Wearable)
        {
            return new WearableReading { Id = id, CustomerId = customer.Id, Timestamp = now, SedentaryMinutes = _rng.Next(0, 90), Steps = _rng.Next(0, 15_000) };
        }

        roll -= _mix.Wearable;
        var venue = _city.Venues[customer.FavouriteVenues[_rng.Next(customer.FavouriteVenues.Length)]];
        if (roll < _mix.Social)
        {
            return new SocialEvent { Id = id, CustomerId = customer.Id, Timestamp = now, Action = SocialAction.CheckIn, VenueId = venue.Id };
        }

        var price = Math.Round((decimal)(5 + (_rng.NextDouble() * 195)), 2);
        return new CommerceEvent
        {
            Id = id,
            CustomerId = customer.Id,
            Timestamp = now,
            Action = _rng.NextDouble() < 0.6 ? CommerceAction.PriceCheck : CommerceAction.Purchase,
            VenueId = venue.Id,
            Sku = $"sku-{_rng.Next(5000)}",
            Category = venue.Category,
            Price = price,
            CompetitorPrice = _rng.NextDouble() < 0.3 ? Math.Round(price * 0.9m, 2) : null,
            Currency = "EUR",
        };
    }

    private LocationPing Step(int i, string id, DateTimeOffset now)
    {
        var target = _city.Venues[_target[i]];
        var distance = _city.Distance(_lat[i], _lon[i], target.Latitude, target.Longitude);
        var step = (_driving[i] ? 11.0 : 1.4) * 10; // one ping every ~10 s of movement
        if (distance <= step)
        {
            _lat[i] = target.Latitude;
            _lon[i] = target.Longitude;
            var customer = _city.Customers[i];
            _target[i] = _rng.NextDouble() < 0.7 ? customer.FavouriteVenues[_rng.Next(customer.FavouriteVenues.Length)] : _rng.Next(_city.Venues.Count);
            _driving[i] = _city.Distance(_lat[i], _lon[i], _city.Venues[_target[i]].Latitude, _city.Venues[_target[i]].Longitude) > 2_000;
        }
        else
        {
            var f = step / distance;
            _lat[i] += (target.Latitude - _lat[i]) * f;
            _lon[i] += (target.Longitude - _lon[i]) * f;
        }

        // Phones report 3-25 m accuracy outdoors; jitter the fix accordingly.
        var accuracy = 3 + (_rng.NextDouble() * 22);
        var (lat, lon) = _city.Offset(_lat[i], _lon[i], (_rng.NextDouble() - 0.5) * accuracy, (_rng.NextDouble() - 0.5) * accuracy);
        return new LocationPing
        {
            Id = id,
            CustomerId = _city.Customers[i].Id,
            Timestamp = now,
            Latitude = lat,
            Longitude = lon,
            AccuracyMeters = Math.Round(accuracy, 1),
            SpeedMetersPerSecond = _driving[i] ? 11 : 1.4,
        };
    }
}
