using System.Reflection;
using System.Text;
using Momentary.Core.Signals;
using Momentary.Core.Tests.Signals;
using Xunit.Sdk;

namespace Momentary.Contracts.Tests.Support;

/// <summary>
/// The decoder's own tests as a corpus: every row of every theory in <see cref="SignalCodecHostileInputTests"/> and
/// <see cref="SignalCodecTests"/>, rebuilt into the record that test decodes. A row added to one of those theories joins
/// the corpus by itself; a new theory fails <see cref="Records"/> until it is given a builder here (mirroring how the
/// test turns its arguments into a record).
/// </summary>
internal static class HostileCorpus
{
    /// <summary>One record, where it came from, and what the decoder makes of it.</summary>
    public sealed record Entry(string Source, byte[] Value, bool Accepted, SignalError? Error);

    public static IReadOnlyList<Entry> Records { get; } = Harvest();

    private static List<Entry> Harvest()
    {
        var hostile = typeof(SignalCodecHostileInputTests);
        var body = Constant(hostile, "Body");
        var ts = Constant(hostile, "Ts");
        string Template(string customerIdValue, string timestamp = "") => "{" + body + ",\"customerId\":" + customerIdValue + "," + (timestamp.Length == 0 ? ts : timestamp) + "}";
        var builders = new Dictionary<string, Func<object?[], byte[]>>(StringComparer.Ordinal)
        {
            ["TryDecode_InvalidUtf8OrUnpairedSurrogate_ReturnsInvalidUtf8WithoutThrowing"] = a => (byte[])a[0]!,
            ["TryDecode_BytesAfterTheObject_ReturnsMalformedJson"] = a => Utf8(a[0]),
            ["TryDecode_RepeatedContractProperty_ReturnsDuplicateProperty"] = a => Utf8(a[0]),
            ["TryDecode_TimestampWithoutOffset_ReturnsInvalidField"] = a => Utf8(Template("\"c\"", "\"ts\":\"" + a[0] + "\"")),
            ["TryDecode_TimestampWithOffset_ReadsTheInstant"] = a => Utf8(Template("\"c\"", "\"ts\":\"" + a[0] + "\"")),
            ["TryDecode_TimestampOutsideTheRepresentableRange_ReturnsInvalidField"] = a => Utf8(Template("\"c\"", "\"ts\":\"" + a[0] + "\"")),
            ["TryDecode_HostileCustomerId_ReturnsInvalidField"] = a => Utf8(Template("\"" + a[0] + "\"")),
            ["TryDecode_HostileSignalId_ReturnsInvalidField"] = a => Utf8("{\"kind\":\"location\",\"id\":\"" + a[0] + "\",\"lat\":1,\"lon\":1,\"customerId\":\"c\"," + ts + "}"),
            ["TryDecode_CustomerIdNullEmptyOrWrongType_ReturnsClassifiedError"] = a => Utf8(Template((string)a[0]!)),
            ["TryDecode_WrongTypeOrRange_ReturnsClassifiedError"] = a => Utf8("{" + a[0] + ",\"customerId\":\"c\"," + ts + "}"),
            ["TryDecode_NestingInAnUnknownProperty_IsBoundedByMaxDepth"] = a =>
                Utf8("{" + body + ",\"customerId\":\"c\"," + ts + ",\"x\":" + new string('[', (int)a[0]!) + new string(']', (int)a[0]!) + "}"),
            ["TryDecode_NotAnObject_ReturnsMalformedJson"] = a => Utf8(a[0]),
            ["EncodeThenDecode_EveryKind_RoundTrips"] = a => SignalCodec.Encode((Signal)a[0]!),
            ["TryDecode_BadInput_ReturnsClassifiedErrorWithoutThrowing"] = a => Utf8(a[0]),
            ["TryDecode_ReferralCreditWithoutCodeOrAmount_IsRejectedNamingTheField"] = a => Utf8(a[0]),
        };

        var entries = new List<Entry>();
        foreach (var type in new[] { hostile, typeof(SignalCodecTests) })
        {
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<TheoryAttribute>() is not null))
            {
                if (!builders.TryGetValue(method.Name, out var build))
                {
                    throw new InvalidOperationException($"{type.Name}.{method.Name} has no builder in HostileCorpus: add one that turns its arguments into the record it decodes");
                }

                var row = 0;
                foreach (var data in method.GetCustomAttributes<DataAttribute>().SelectMany(d => d.GetData(method)))
                {
                    var value = build(data);
                    var accepted = SignalCodec.TryDecode(value, out _, out var error);
                    entries.Add(new Entry($"{type.Name}.{method.Name}[{row++}]", value, accepted, error));
                }
            }
        }

        return entries;
    }

    private static string Constant(Type type, string name) =>
        (string)(type.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)?.GetRawConstantValue()
            ?? throw new InvalidOperationException($"{type.Name}.{name} is gone: update HostileCorpus"));

    private static byte[] Utf8(object? text) => Encoding.UTF8.GetBytes((string)text!);
}
