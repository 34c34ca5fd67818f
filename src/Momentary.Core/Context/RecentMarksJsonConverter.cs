using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Momentary.Core.Context;

/// <summary>
/// <see cref="RecentMarks"/> in the JSON view and the JSON state older engines read: the list they wrote,
/// <c>[{"signalId": ..., "entered": [...], "exited": [...]}]</c>, oldest first. A signal id is written as <c>#</c> and
/// its 64-bit hash in 16 hex digits (the id itself is no longer kept); reading, such a value is taken as the hash and
/// any other as an id to hash, so states written before hashes read as they did. An older engine reading a hash never
/// matches it with a signal's id: a replay of one of those signals is then taken as out of order and changes nothing.
/// </summary>
internal sealed class RecentMarksJsonConverter : JsonConverter<RecentMarks>
{
    private const string HashPrefix = "#";

    public override RecentMarks Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return RecentMarks.Empty;
        }

        Expect(ref reader, JsonTokenType.StartArray);
        var ids = new List<ulong>();
        var transitions = new List<SignalMark>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject);
            ulong? id = null;
            string[] entered = [], exited = [];
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "signalId":
                        id = IdOf(reader.GetString() ?? throw new JsonException("a recent signal's id is null"));
                        break;
                    case "entered":
                        entered = Strings(ref reader);
                        break;
                    case "exited":
                        exited = Strings(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            ids.Add(id ?? throw new JsonException("a recent signal has no id"));
            if (entered.Length > 0 || exited.Length > 0)
            {
                transitions.Add(new SignalMark(id.Value, entered, exited));
            }
        }

        return RecentMarks.Restore(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids), transitions);
    }

    public override void Write(Utf8JsonWriter writer, RecentMarks value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        var transitions = value.Transitions;
        var next = 0;
        for (var i = 0; i < value.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("signalId", HashPrefix + value[i].ToString("x16", CultureInfo.InvariantCulture));
            var mark = next < transitions.Count && transitions[next].Id == value[i] ? transitions[next++] : null;
            Write(writer, "entered", mark?.Entered ?? []);
            Write(writer, "exited", mark?.Exited ?? []);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static ulong IdOf(string signalId) =>
        signalId.Length == 17 && signalId.StartsWith(HashPrefix, StringComparison.Ordinal)
        && ulong.TryParse(signalId.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash)
            ? hash
            : RecentMarks.IdOf(signalId);

    private static string[] Strings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        Expect(ref reader, JsonTokenType.StartArray);
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.GetString() ?? throw new JsonException("a venue id is null"));
        }

        return [.. values];
    }

    private static void Write(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"expected {token} in recentSignals, found {reader.TokenType}");
        }
    }
}
