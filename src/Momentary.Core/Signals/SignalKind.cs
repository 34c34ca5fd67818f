namespace Momentary.Core.Signals;

/// <summary>The four families of signal Momentary consumes; each has its own Kafka topic.</summary>
public enum SignalKind
{
    /// <summary>A GPS/network location fix from the customer's phone.</summary>
    Location,

    /// <summary>A reading from a wearable (steps, sedentary time, heart rate).</summary>
    Wearable,

    /// <summary>A social action: a check-in at a venue or a shared purchase.</summary>
    Social,

    /// <summary>A commerce action: a price check or a purchase.</summary>
    Commerce,
}
