using System.Text.Json;
using Momentary.Core.Context;

namespace Momentary.Core.Import;

/// <summary>
/// Bulk-loads customer context from NDJSON (format: docs/context-store.md) into any
/// <see cref="ICustomerContextStore"/>: profiles, friendships and historical check-ins. Writes are issued many
/// at a time (pipelined on Redis); a bad line is reported with its number and skipped, never aborting the load.
/// </summary>
public sealed class ContextImporter(ICustomerContextStore store, int maxInFlight = 256)
{
    /// <summary>How long imported check-ins count for friends. Default 30 days.</summary>
    public TimeSpan CheckInRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Imports every line of <paramref name="reader"/>.</summary>
    public async Task<ImportSummary> ImportAsync(TextReader reader, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var errors = new List<ImportError>();
        var inFlight = new List<Task>(maxInFlight);
        long lines = 0, profiles = 0, friendships = 0, checkIns = 0;
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            lines++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Task write;
            try
            {
                write = Parse(line, ref profiles, ref friendships, ref checkIns);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                errors.Add(new ImportError(lines, ex is JsonException ? "not valid JSON" : ex.Message));
                continue;
            }

            inFlight.Add(write);
            if (inFlight.Count >= maxInFlight)
            {
                await Task.WhenAll(inFlight).ConfigureAwait(false);
                inFlight.Clear();
                progress?.Report(new ImportProgress(lines, profiles + friendships + checkIns, errors.Count));
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        progress?.Report(new ImportProgress(lines, profiles + friendships + checkIns, errors.Count));
        return new ImportSummary(lines, profiles, friendships, checkIns, errors);
    }

    private Task Parse(string line, ref long profiles, ref long friendships, ref long checkIns)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a line must be a JSON object");
        }

        var type = Text(root, "type") ?? throw new FormatException("missing 'type' (profile, friendship or checkin)");
        var customerId = Text(root, "customerId") ?? throw new FormatException("missing 'customerId'");
        switch (type)
        {
            case "profile":
                var profile = new CustomerProfile
                {
                    CustomerId = customerId,
                    Segments = List(root, "segments"),
                    Interests = List(root, "interests"),
                    Consent = Consent(root),
                    TimeZone = Text(root, "timeZone") ?? "UTC",
                    Tier = Text(root, "tier"),
                };
                if (!IsKnownTimeZone(profile.TimeZone))
                {
                    throw new FormatException($"unknown time zone '{profile.TimeZone}' (use an IANA id such as Europe/Paris)");
                }

                profiles++;
                return store.UpsertProfileAsync(profile).AsTask();
            case "friendship":
                var friendId = Text(root, "friendId") ?? throw new FormatException("missing 'friendId'");
                friendships++;
                return store.AddFriendshipAsync(customerId, friendId).AsTask();
            case "checkin":
                var venueId = Text(root, "venueId") ?? throw new FormatException("missing 'venueId'");
                var at = root.TryGetProperty("at", out var a) && a.TryGetDateTimeOffset(out var t) ? t : throw new FormatException("missing or invalid 'at' (ISO-8601 with offset)");
                checkIns++;
                return store.RecordCheckInAsync(customerId, venueId, at, CheckInRetention).AsTask();
            default:
                throw new FormatException($"unknown type '{type}' (profile, friendship or checkin)");
        }
    }

    private static bool IsKnownTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static string[] List(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"'{name}' must be a list of strings");
        }

        return [.. v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException($"'{name}' must be a list of strings"))];
    }

    private static Dictionary<string, bool> Consent(JsonElement obj)
    {
        var consent = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!obj.TryGetProperty("consent", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            return consent;
        }

        if (c.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("'consent' must map purposes to true/false");
        }

        foreach (var p in c.EnumerateObject())
        {
            consent[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new FormatException($"consent '{p.Name}' must be true or false"),
            };
        }

        return consent;
    }
}
