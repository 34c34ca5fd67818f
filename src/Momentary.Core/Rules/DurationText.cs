using System.Globalization;

namespace Momentary.Core.Rules;

/// <summary>Durations as marketers write them: a positive whole number and a unit, <c>30s</c>, <c>15m</c>, <c>3h</c>, <c>14d</c>, <c>2w</c>.</summary>
public static class DurationText
{
    /// <summary>Parses <paramref name="text"/>; <c>false</c> for anything else (no fractions, no compound forms).</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2)
        {
            return false;
        }

        var unit = text[^1];
        if (!long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 100_000)
        {
            return false;
        }

        duration = unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7 * n),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }

    /// <summary>The shortest exact form: <c>3h</c>, <c>90m</c>, <c>14d</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / TimeSpan.TicksPerDay}d");
        }

        if (duration.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / TimeSpan.TicksPerHour}h");
        }

        return duration.Ticks % TimeSpan.TicksPerMinute == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / TimeSpan.TicksPerMinute}m")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalSeconds}s");
    }

    /// <summary>An age the way people say it: <c>8d 2h</c>, <c>3h 5m</c>, <c>40s</c>.</summary>
    public static string Approximate(TimeSpan age)
    {
        if (age.TotalDays >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d {age.Hours}h");
        }

        if (age.TotalHours >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h {age.Minutes}m");
        }

        return age.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes}m {age.Seconds}s") : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalSeconds}s");
    }
}
