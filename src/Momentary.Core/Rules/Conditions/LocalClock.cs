using System.Collections.Concurrent;

namespace Momentary.Core.Rules.Conditions;

/// <summary>The customer's wall clock: the evaluation instant converted to their profile's IANA time zone (UTC when unknown).</summary>
internal static class LocalClock
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>The customer's local date and time at the scope's instant; DST is handled by converting the instant.</summary>
    public static DateTime Now(RuleScope scope)
    {
        // Converting is the costliest step of a time condition; every rule of one signal asks for the same
        // instant and zone, so the answer is kept on the (per-thread, reused) scope.
        var zoneId = scope.Input.Context.Profile?.TimeZone ?? "UTC";
        if (scope.LocalNowFor == scope.Input.Now && ReferenceEquals(scope.LocalZoneId, zoneId))
        {
            return scope.LocalNow;
        }

        var zone = Zones.GetOrAdd(zoneId, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : TimeZoneInfo.Utc);
        scope.LocalNow = TimeZoneInfo.ConvertTime(scope.Input.Now, zone).DateTime;
        scope.LocalNowFor = scope.Input.Now;
        scope.LocalZoneId = zoneId;
        scope.LocalNowText = null;
        return scope.LocalNow;
    }

    /// <summary>The local time as <c>HH:mm</c>, formatted once per signal.</summary>
    public static string Text(RuleScope scope)
    {
        var local = Now(scope);
        return scope.LocalNowText ??= local.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The zone the local time is in, as traces name it: the profile's IANA id, with a note when it is unknown (treated as UTC).</summary>
    public static string ZoneText(RuleScope scope)
    {
        var zoneId = scope.Input.Context.Profile?.TimeZone ?? "UTC";
        return Zones.GetOrAdd(zoneId, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : TimeZoneInfo.Utc) == TimeZoneInfo.Utc && zoneId != "UTC"
            ? $"{zoneId} (unknown, so UTC)"
            : zoneId;
    }

    /// <summary>Whether <paramref name="t"/> is in [from, to), a window that may cross midnight.</summary>
    public static bool InWindow(TimeOnly t, TimeOnly from, TimeOnly to) => from < to ? t >= from && t < to : t >= from || t < to;
}
