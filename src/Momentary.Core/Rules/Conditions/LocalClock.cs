using System.Collections.Concurrent;

namespace Momentary.Core.Rules.Conditions;

/// <summary>The customer's wall clock: the evaluation instant converted to their profile's IANA time zone (UTC when unknown).</summary>
internal static class LocalClock
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>The customer's local date and time at the scope's instant; DST is handled by converting the instant.</summary>
    public static DateTime Now(RuleScope scope)
    {
        var zone = Zones.GetOrAdd(scope.Input.Context.Profile?.TimeZone ?? "UTC", static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : TimeZoneInfo.Utc);
        return TimeZoneInfo.ConvertTime(scope.Input.Now, zone).DateTime;
    }

    /// <summary>Whether <paramref name="t"/> is in [from, to), a window that may cross midnight.</summary>
    public static bool InWindow(TimeOnly t, TimeOnly from, TimeOnly to) => from < to ? t >= from && t < to : t >= from || t < to;
}
