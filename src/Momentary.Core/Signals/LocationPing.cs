namespace Momentary.Core.Signals;

/// <summary>A location fix. Coordinates are WGS84 degrees; accuracy is the fix's 68% radius in metres.</summary>
public sealed record LocationPing : Signal
{
    // Optional doubles are stored as doubles, NaN for none (a double? takes 16 bytes, and one of these records is
    // made per signal or ping: docs/performance.md, "Seventh session"). Equality is unchanged: NaN equals NaN here.
    private readonly double _speed = double.NaN;
    private readonly double _heading = double.NaN;

    /// <summary>WGS84 latitude in degrees, from -90 to 90 (the decoder rejects anything else).</summary>
    public required double Latitude { get; init; }

    /// <summary>WGS84 longitude in degrees, from -180 to 180 (the decoder rejects anything else).</summary>
    public required double Longitude { get; init; }

    /// <summary>Horizontal accuracy radius in metres; 0 when the device did not report one.</summary>
    public double AccuracyMeters { get; init; }

    /// <summary>Speed over ground in metres per second, when the device reports it.</summary>
    public double? SpeedMetersPerSecond { get => double.IsNaN(_speed) ? null : _speed; init => _speed = value ?? double.NaN; }

    /// <summary>Heading in degrees clockwise from true north, when the device reports it.</summary>
    public double? HeadingDegrees { get => double.IsNaN(_heading) ? null : _heading; init => _heading = value ?? double.NaN; }

    /// <summary>Always <see cref="SignalKind.Location"/>: the contract's <c>location</c>.</summary>
    public override SignalKind Kind => SignalKind.Location;
}
