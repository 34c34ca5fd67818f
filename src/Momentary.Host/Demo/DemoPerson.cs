namespace Momentary.Host.Demo;

/// <summary>A walker of the demo and what the demo expects for them.</summary>
/// <param name="CustomerId">Customer id.</param>
/// <param name="Why">What makes this walker interesting, printed by the demo.</param>
/// <param name="ExpectOffer">Whether the Aurora offer must reach this walker.</param>
internal sealed record DemoPerson(string CustomerId, string Why, bool ExpectOffer);
