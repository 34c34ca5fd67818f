using System.Text.Json;
using System.Text.Unicode;
using Momentary.Core.Signals;

namespace Momentary.Contracts.Tests.Support;

/// <summary>What the signal schema makes of a record the decoder has judged, and why they differ when they do.</summary>
internal static class SchemaVerdict
{
    /// <summary>Rejections no JSON Schema can make; docs/contracts.md lists each ("What only the decoder rejects").</summary>
    public const string DuplicateProperty = "a contract property given twice";
    public const string TimestampRange = "a timestamp that names no instant (a 30 February, or past DateTimeOffset's range once its offset is applied)";
    public const string IntegerSpelling = "an integer written with a fraction or an exponent";
    public const string Utf16Length = "an id over 256 UTF-16 code units but not over 256 characters";
    public const string NotJsonText = "not one JSON text";

    public enum Kind
    {
        /// <summary>The schema accepts it.</summary>
        Valid,

        /// <summary>The schema rejects it.</summary>
        Rejected,

        /// <summary>No JSON value to validate: invalid UTF-8, an unpaired surrogate escape, bytes after the value, comments, nothing.</summary>
        NotJson,

        /// <summary>The schema accepts a value the decoder rejects, for the reason given.</summary>
        DecoderOnly,
    }

    public static (Kind Kind, string? Reason) Judge(string schema, byte[] value, SignalError? decoderError)
    {
        if (!TryParse(value, allowDuplicates: true, out var doc))
        {
            return (Kind.NotJson, NotJsonText);
        }

        using (doc)
        {
            if (!ContractSchemas.IsValid(schema, doc!.RootElement))
            {
                return (Kind.Rejected, null);
            }
        }

        return decoderError is null ? (Kind.Valid, null) : (Kind.DecoderOnly, Explain(value, decoderError));
    }

    // RFC 8259 text in UTF-8 (and I-JSON's no unpaired surrogates), as a strict parser reads it. Deep nesting is allowed:
    // the schema, not the parser, bounds it.
    private static bool TryParse(byte[] value, bool allowDuplicates, out JsonDocument? doc)
    {
        doc = null;
        if (!Utf8.IsValid(value))
        {
            return false;
        }

        try
        {
            doc = JsonDocument.Parse(value, new JsonDocumentOptions { MaxDepth = 20_000, AllowDuplicateProperties = allowDuplicates });
            ReadEveryString(doc.RootElement);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            doc?.Dispose();
            doc = null;
            return false;
        }
    }

    private static void ReadEveryString(JsonElement root)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(root);
        while (pending.TryPop(out var e))
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    _ = e.GetString();
                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        pending.Push(item);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        _ = p.Name;
                        pending.Push(p.Value);
                    }

                    break;
            }
        }
    }

    private static string? Explain(byte[] value, SignalError error)
    {
        if (!TryParse(value, allowDuplicates: false, out var strict))
        {
            return DuplicateProperty;
        }

        strict!.Dispose();
        return error switch
        {
            { Kind: SignalError.InvalidField } when error.Message.StartsWith("ts ", StringComparison.Ordinal) => TimestampRange,
            { Kind: SignalError.InvalidField } when error.Message.EndsWith("must be an integer", StringComparison.Ordinal) => IntegerSpelling,
            { Kind: SignalError.InvalidField } when error.Message.Contains("longer than", StringComparison.Ordinal) => Utf16Length,
            _ => null,
        };
    }
}
