using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Signals;

/// <summary>
/// The decoder at its trust boundary, on generated input: random bytes, valid records mutated with hostile tokens,
/// truncations. Whatever the input, it returns either a signal whose ids are within the contract or a classified
/// error, and never throws. Valid signals, including non-ASCII ids and every offset, round-trip.
/// </summary>
public sealed class SignalCodecPropertyTests
{
    private static readonly HashSet<string> DecoderKinds =
    [
        SignalError.MalformedJson, SignalError.InvalidUtf8, SignalError.DuplicateProperty, SignalError.MissingField,
        SignalError.InvalidField, SignalError.UnsupportedVersion, SignalError.UnknownKind,
    ];

    // Byte sequences that have hurt decoders: invalid and overlong UTF-8, surrogate escapes, structure, overflowing
    // numbers, repeated contract properties, timestamps without offsets or at the ends of the calendar, deep nesting.
    private static readonly byte[][] Hostile =
    [
        "\\ud800"u8.ToArray(), "\\udc00"u8.ToArray(), "\\u0000"u8.ToArray(), [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82],
        [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBB, 0xBF], [0x00], "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(),
        ","u8.ToArray(), ":"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), "null"u8.ToArray(), "1e400"u8.ToArray(),
        "-0"u8.ToArray(), "99999999999999999999999999999"u8.ToArray(), "\"customerId\":\"mallory\","u8.ToArray(),
        "\"ts\":\"9999-12-31T23:59:59-14:00\","u8.ToArray(), "\"ts\":\"2026-11-24T10:00:00\","u8.ToArray(), "\"v\":2,"u8.ToArray(),
        "\"kind\":\"teleport\","u8.ToArray(), "\"lat\":\"NaN\","u8.ToArray(), "\"id\":\"\","u8.ToArray(), "[[[[[[[[[[[["u8.ToArray(),
        " "u8.ToArray(), "\t\r\n"u8.ToArray(), "/*x*/"u8.ToArray(), "\"\\u002B01:00\""u8.ToArray(), "true"u8.ToArray(),
    ];

    private static Gen<string> Ids =>
        from length in Gen.Choose(1, 40)
        from chars in Gen.ArrayOf(Gen.Elements("abcxyz019-_.@éß漢".ToCharArray()), length)
        from emoji in Gen.Elements("", "😀")
        select new string(chars) + emoji;

    private static Gen<DateTimeOffset> Timestamps =>
        from seconds in Gen.Choose(0, int.MaxValue)
        from ticks in Gen.Choose(0, 9_999_999)
        from offsetQuarters in Gen.Choose(-48, 56) // -12:00 .. +14:00
        select new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(seconds).AddTicks(ticks)).ToOffset(TimeSpan.FromMinutes(15 * offsetQuarters));

    private static Gen<double?> Optional(Gen<double> gen) => Gen.Frequency((1, Gen.Constant<double?>(null)), (3, gen.Select(d => (double?)d)));

    private static Gen<int?> OptionalCount => Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(0, 100_000).Select(i => (int?)i)));

    private static Gen<decimal?> OptionalPrice => Gen.Frequency((1, Gen.Constant<decimal?>(null)), (3, Gen.Choose(0, 10_000_000).Select(c => (decimal?)(c / 100m))));

    private static Gen<Signal> Signals =>
        from id in Ids
        from customer in Ids
        from ts in Timestamps
        from signal in Gen.OneOf(
            from lat in Gen.Choose(-90_000_000, 90_000_000)
            from lon in Gen.Choose(-180_000_000, 180_000_000)
            from accuracy in Gen.Choose(0, 5_000)
            from speed in Optional(Gen.Choose(0, 100_000).Select(s => s / 1000.0))
            from heading in Optional(Gen.Choose(0, 3_600).Select(h => h / 10.0))
            select (Signal)new LocationPing { Id = id, CustomerId = customer, Timestamp = ts, Latitude = lat / 1e6, Longitude = lon / 1e6, AccuracyMeters = accuracy, SpeedMetersPerSecond = speed, HeadingDegrees = heading },
            from sedentary in OptionalCount
            from steps in OptionalCount
            from heart in OptionalCount
            select (Signal)new WearableReading { Id = id, CustomerId = customer, Timestamp = ts, SedentaryMinutes = sedentary, Steps = steps, HeartRate = heart },
            from checkIn in Gen.Elements(true, false)
            from other in Ids
            select (Signal)(checkIn
                ? new SocialEvent { Id = id, CustomerId = customer, Timestamp = ts, Action = SocialAction.CheckIn, VenueId = other }
                : new SocialEvent { Id = id, CustomerId = customer, Timestamp = ts, Action = SocialAction.Share, PurchaseId = other }),
            from action in Gen.Elements(CommerceAction.PriceCheck, CommerceAction.Purchase, CommerceAction.Redemption)
            from price in OptionalPrice
            from competitor in OptionalPrice
            from text in Ids
            select (Signal)new CommerceEvent
            {
                Id = id, CustomerId = customer, Timestamp = ts, Action = action, Price = price, CompetitorPrice = competitor, VenueId = text, Category = text,
                Currency = "EUR", OfferId = action == CommerceAction.Redemption ? "of_" + text : null, RuleId = action == CommerceAction.Redemption ? text : null,
            })
        select signal;

    // A mutation: what to do, where (a fraction of the length), with which hostile token, over how many bytes.
    private static Gen<(int Op, int At, int Token, int Length)[]> Mutations =>
        from count in Gen.Choose(1, 4)
        from mutations in Gen.ArrayOf(
            from op in Gen.Choose(0, 5)
            from at in Gen.Choose(0, 10_000)
            from token in Gen.Choose(0, Hostile.Length - 1)
            from length in Gen.Choose(1, 40)
            select (op, at, token, length), count)
        select mutations;

    [Property(MaxTest = 2_000)]
    public Property TryDecode_RandomBytes_ReturnsASignalOrAClassifiedErrorWithoutThrowing() =>
        Prop.ForAll(Gen.OneOf(
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)),
            Gen.ArrayOf(Gen.Elements("{}[]\":,0123456789.-+eEtrufalsn \\u".Select(c => (byte)c).ToArray())).Select(b => b.Prepend((byte)'{').ToArray())).ToArbitrary(), Decodes);

    [Property(MaxTest = 2_000)]
    public Property TryDecode_MutatedValidSignal_ReturnsASignalOrAClassifiedErrorWithoutThrowing() =>
        Prop.ForAll((from signal in Signals from mutations in Mutations select Mutate(SignalCodec.Encode(signal), mutations)).ToArbitrary(), Decodes);

    [Property(MaxTest = 500)]
    public Property TryDecode_EveryTruncationOfAValidSignal_ReturnsMalformedJson() =>
        Prop.ForAll(Signals.ToArbitrary(), signal =>
        {
            var bytes = SignalCodec.Encode(signal);
            for (var n = 0; n < bytes.Length; n++)
            {
                if (SignalCodec.TryDecode(bytes.AsSpan(0, n), out _, out var error) || error!.Kind is not (SignalError.MalformedJson or SignalError.InvalidUtf8))
                {
                    return false; // a cut inside a multi-byte character is invalid UTF-8 before it is incomplete JSON
                }
            }

            return true;
        });

    [Property(MaxTest = 1_000)]
    public Property EncodeThenDecode_AnyValidSignal_RoundTrips() =>
        Prop.ForAll(Signals.ToArbitrary(), signal => SignalCodec.TryDecode(SignalCodec.Encode(signal), out var decoded, out _) && signal.Equals(decoded));

    private static bool Decodes(byte[] input)
    {
        var ok = SignalCodec.TryDecode(input, out var signal, out var error);
        return ok
            ? signal is not null && error is null && ContractId(signal.Id) && ContractId(signal.CustomerId)
            : signal is null && error is not null && DecoderKinds.Contains(error.Kind) && error.Message.Length > 0;
    }

    private static bool ContractId(string id) => id.Length is > 0 and <= SignalCodec.MaxIdLength && !id.Any(char.IsControl) && !id.All(char.IsWhiteSpace);

    private static byte[] Mutate(byte[] bytes, (int Op, int At, int Token, int Length)[] mutations)
    {
        var b = new List<byte>(bytes);
        foreach (var (op, at, token, length) in mutations)
        {
            var i = b.Count == 0 ? 0 : at % (b.Count + 1);
            var n = Math.Min(length, b.Count - i);
            switch (op)
            {
                case 0: b.InsertRange(i, Hostile[token]); break;
                case 1: b.RemoveRange(i, n); break;
                case 2: b.RemoveRange(i, b.Count - i); break; // truncate
                case 3: if (i < b.Count) { b[i] ^= (byte)(1 << (length % 8)); } break; // flip a bit
                case 4: b.InsertRange(i, b.GetRange(i, n)); break; // repeat a stretch (a property, a quote, a brace)
                default: b.RemoveRange(i, n); b.InsertRange(i, Hostile[token]); break; // replace a stretch
            }
        }

        return [.. b];
    }
}
