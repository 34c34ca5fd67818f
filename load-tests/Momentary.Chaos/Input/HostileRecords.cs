using System.Globalization;
using System.Text;
using Momentary.Chaos.Worlds;
using Momentary.Core.Signals;

namespace Momentary.Chaos.Input;

/// <summary>
/// Records an engine must survive and dead-letter (with a reason and the source coordinates), one category per
/// kind of hostility. Every record that could pass for a signal belongs to a customer id starting with "h",
/// which the city does not have, so even one the engine wrongly accepts cannot change a good customer's offers or
/// state: the comparison with the clean reference then isolates what the hostile records did to the rest.
/// </summary>
internal static class HostileRecords
{
    public const string RandomBytes = "random-bytes";
    public const string TruncatedJson = "truncated-json";
    public const string DeeplyNestedJson = "deeply-nested-json";
    public const string OneMegabyte = "1mb-value";
    public const string WrongTypes = "wrong-types";
    public const string NonFiniteOrOutOfRange = "nan-inf-out-of-range";
    public const string UnknownKind = "unknown-kind";
    public const string UnknownVersion = "unknown-version";
    public const string NullCustomerId = "null-customer-id";
    public const string EmptyCustomerId = "empty-customer-id";
    public const string HugeCustomerId = "huge-customer-id";
    public const string InvalidUtf8 = "invalid-utf8";
    public const string FarPast = "far-past-timestamp";
    public const string FarFuture = "far-future-timestamp";
    public const string DuplicateSignalId = "duplicate-signal-id";
    public const string KeyBodyMismatch = "key-body-mismatch";

    public static IReadOnlyList<string> Categories { get; } =
    [
        RandomBytes, TruncatedJson, DeeplyNestedJson, OneMegabyte, WrongTypes, NonFiniteOrOutOfRange, UnknownKind, UnknownVersion,
        NullCustomerId, EmptyCustomerId, HugeCustomerId, InvalidUtf8, FarPast, FarFuture, KeyBodyMismatch,
    ];

    // Not hostile by contract (docs/contracts.md, "Hostile input: decisions"): a signal id reused by another customer is
    // accepted, since offer ids hash rule, customer and signal id together and cannot collide. Kept to build on demand.
    // DuplicateSignalId

    /// <summary>
    /// <paramref name="count"/> hostile records (their index and timestamp are set when mixed into the good input), spread evenly over the categories and the signal topics. 1 MB values
    /// and 100,000-character customer ids (whose dead letters carry a 100 KB key and value) are capped at one per partition
    /// of the dead-letter topic: the mock keeps only ~5 MiB per partition and silently drops older records beyond it.
    /// </summary>
    public static IReadOnlyList<InputRecord> Create(int count, int seed, IReadOnlyList<InputRecord> good, DateTimeOffset now, int partitions)
    {
        var rng = new Random(seed);
        var perCategory = Categories.ToDictionary(c => c, _ => 0);
        var result = new List<InputRecord>(count);
        var topics = Enum.GetValues<SignalTopic>();

        // Signal ids early in the good input, for duplicates that come after their original.
        var early = good.Take(Math.Max(1, good.Count / 20)).Where(r => !r.IsHostile).ToList();
        for (var i = 0; result.Count < count; i++)
        {
            var category = Categories[i % Categories.Count];
            if (category is OneMegabyte or HugeCustomerId && perCategory[category] >= partitions)
            {
                continue;
            }

            var n = perCategory[category]++;
            var (key, value) = Build(category, n, rng, early, now);
            result.Add(new InputRecord(-1, topics[rng.Next(topics.Length)], key, value, now, category));
        }

        return result;
    }

    private static (byte[]? Key, byte[] Value) Build(string category, int n, Random rng, List<InputRecord> early, DateTimeOffset now)
    {
        var id = n.ToString(CultureInfo.InvariantCulture);
        var ts = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        string Ping(string customer, string fields = "\"lat\":48.8566,\"lon\":2.3522,\"accuracyM\":5") =>
            $"{{\"v\":1,\"kind\":\"location\",\"id\":\"{category}-{id}\",\"customerId\":\"{customer}\",\"ts\":\"{ts}\",{fields}}}";
        byte[] Key(string customer) => Encoding.UTF8.GetBytes(customer);
        var customerId = $"h-{category}-{n.ToString(CultureInfo.InvariantCulture)}";
        switch (category)
        {
            case RandomBytes:
                var bytes = new byte[rng.Next(1, 512)];
                rng.NextBytes(bytes);
                return (Key(customerId), bytes);
            case TruncatedJson:
                var whole = Encoding.UTF8.GetBytes(Ping(customerId));
                return (Key(customerId), whole[..rng.Next(1, whole.Length - 1)]);
            case DeeplyNestedJson:
                const int depth = 10_000;
                var nested = new string('[', depth) + new string(']', depth);
                return (Key(customerId), Encoding.UTF8.GetBytes(n % 2 == 0 ? nested : Ping(customerId, $"\"lat\":48.8566,\"lon\":2.3522,\"extra\":{nested}")));
            case OneMegabyte:
                return (Key(customerId), Encoding.UTF8.GetBytes("{\"v\":1,\"kind\":\"location\",\"id\":\"" + new string('x', 1_000_000 - 40)));
            case WrongTypes:
                string[] wrong = ["\"lat\":\"48.85\",\"lon\":2.35", "\"lat\":48.85,\"lon\":[2.35]", "\"lat\":true,\"lon\":2.35", "\"lat\":{},\"lon\":2.35,\"accuracyM\":\"5\""];
                return n % 5 == 4
                    ? (Key(customerId), Encoding.UTF8.GetBytes($"{{\"v\":1,\"kind\":\"location\",\"id\":\"{category}-{id}\",\"customerId\":42,\"ts\":{now.ToUnixTimeMilliseconds()},\"lat\":1,\"lon\":1}}"))
                    : (Key(customerId), Encoding.UTF8.GetBytes(Ping(customerId, wrong[n % wrong.Length])));
            case NonFiniteOrOutOfRange:
                string[] coordinates = ["\"lat\":NaN,\"lon\":2.35", "\"lat\":Infinity,\"lon\":2.35", "\"lat\":1e400,\"lon\":2.35", "\"lat\":48.85,\"lon\":-1e400", "\"lat\":\"NaN\",\"lon\":2.35", "\"lat\":90.0001,\"lon\":2.35", "\"lat\":48.85,\"lon\":-180.5", "\"lat\":48.85,\"lon\":2.35,\"accuracyM\":-3"];
                return (Key(customerId), Encoding.UTF8.GetBytes(Ping(customerId, coordinates[n % coordinates.Length])));
            case UnknownKind:
                string[] kinds = ["telepathy", "", "location.v2", "Location "];
                return (Key(customerId), Encoding.UTF8.GetBytes(Ping(customerId).Replace("\"kind\":\"location\"", $"\"kind\":\"{kinds[n % kinds.Length]}\"", StringComparison.Ordinal)));
            case UnknownVersion:
                string[] versions = ["2", "0", "-1", "99999999999999999999", "1.5", "\"2\""];
                return (Key(customerId), Encoding.UTF8.GetBytes(Ping(customerId).Replace("\"v\":1", $"\"v\":{versions[n % versions.Length]}", StringComparison.Ordinal)));
            case NullCustomerId:
                var withoutId = n % 2 == 0 ? Ping("x").Replace("\"customerId\":\"x\"", "\"customerId\":null", StringComparison.Ordinal) : Ping("x").Replace("\"customerId\":\"x\",", string.Empty, StringComparison.Ordinal);
                return (null, Encoding.UTF8.GetBytes(withoutId));
            case EmptyCustomerId:
                return ([], Encoding.UTF8.GetBytes(n % 2 == 0 ? Ping(string.Empty) : Ping("   ")));
            case HugeCustomerId:
                var huge = "h" + id + new string('u', 100_000); // distinct keys, so their dead letters spread over the partitions
                return (Key(huge), Encoding.UTF8.GetBytes(Ping(huge)));
            case InvalidUtf8:
                byte[][] invalid = [[0xC3, 0x28], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0x80]];
                var text = Encoding.UTF8.GetBytes(Ping(customerId));
                var at = Encoding.UTF8.GetBytes(Ping(customerId)).AsSpan().IndexOf("\"id\":\""u8) + 6;
                return (Key(customerId), [.. text[..at], .. invalid[n % invalid.Length], .. text[at..]]);
            case FarPast:
                string[] past = ["0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "1970-01-01T00:00:00Z"];
                return (Key(customerId), Encoding.UTF8.GetBytes(Ping(customerId).Replace(ts, past[n % past.Length], StringComparison.Ordinal)));
            case FarFuture:
                string[] future = ["9999-12-31T23:59:59Z", "2999-01-01T00:00:00Z", now.AddYears(10).UtcDateTime.ToString("O", CultureInfo.InvariantCulture)];
                return (Key(customerId), Encoding.UTF8.GetBytes(Ping(customerId).Replace(ts, future[n % future.Length], StringComparison.Ordinal)));
            case DuplicateSignalId:
                // Another signal's id (ids are unique per signal by contract), on a customer of its own.
                var original = early[rng.Next(early.Count)];
                SignalCodec.TryDecode(original.Value, out var signal, out _);
                return (Key(customerId), Encoding.UTF8.GetBytes(Ping(customerId).Replace($"\"id\":\"{category}-{id}\"", $"\"id\":\"{signal!.Id}\"", StringComparison.Ordinal)));
            case KeyBodyMismatch:
                return (Key(customerId + "-key"), Encoding.UTF8.GetBytes(Ping(customerId + "-body")));
            default:
                throw new ArgumentOutOfRangeException(nameof(category), category, null);
        }
    }
}
