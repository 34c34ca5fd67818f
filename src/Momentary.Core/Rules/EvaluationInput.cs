using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules;

/// <summary>Everything a rule may look at for one signal. Rules are pure functions of this value.</summary>
/// <param name="Signal">The decoded signal.</param>
/// <param name="Geo">Geographic facts (empty for non-location signals).</param>
/// <param name="Context">The customer's joined context.</param>
/// <param name="Now">The evaluation instant (processing time in production, event time in back-tests).</param>
public readonly record struct EvaluationInput(Signal Signal, GeoFacts Geo, CustomerContext Context, DateTimeOffset Now);
