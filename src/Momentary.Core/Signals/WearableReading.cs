namespace Momentary.Core.Signals;

/// <summary>A wearable reading. Any of the measures may be absent.</summary>
public sealed record WearableReading : Signal
{
    /// <summary>Minutes the wearer has been sitting without interruption.</summary>
    public int? SedentaryMinutes { get; init; }

    /// <summary>Steps counted today.</summary>
    public int? Steps { get; init; }

    /// <summary>Heart rate in beats per minute.</summary>
    public int? HeartRate { get; init; }

    /// <summary>Always <see cref="SignalKind.Wearable"/>: the contract's <c>wearable</c>.</summary>
    public override SignalKind Kind => SignalKind.Wearable;
}
