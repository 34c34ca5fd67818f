namespace Momentary.Core.Signals;

/// <summary>A location fix. Coordinates are WGS84 degrees; accuracy is the fix's 68% radius in metres.</summary>
public sealed record LocationPing : Signal
{
    /// <summary>WGS84 latitude in degrees, from -90 to 90 (the decoder rejects anything else).</summary>
    public required double Latitude { get; init; }

    /// <summary>WGS84 longitude in degrees, from -180 to 180 (the decoder rejects anything else).</summary>
    public required double Longitude { get; init; }

    /// <summary>Horizontal accuracy radius in metres; 0 when the device did not report one.</summary>
    public double AccuracyMeters { get; init; }

    /// <summary>Speed over ground in metres per second, when the device reports it.</summary>
    public double? SpeedMetersPerSecond { get; init; }

    /// <summary>Heading in degrees clockwise from true north, when the device reports it.</summary>
    public double? HeadingDegrees { get; init; }

    /// <summary>Always <see cref="SignalKind.Location"/>: the contract's <c>location</c>.</summary>
    public override SignalKind Kind => SignalKind.Location;
}
