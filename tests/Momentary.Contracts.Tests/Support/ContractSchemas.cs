using System.Text.Json;
using Json.Schema;
using Momentary.Testing;

namespace Momentary.Contracts.Tests.Support;

/// <summary>The JSON Schemas in <c>contracts/</c>, built once with their cross-file references resolved.</summary>
internal static class ContractSchemas
{
    public const string Signal = "signal.v1";
    public const string Redemption = "redemption.v1";
    public const string Offer = "offer.v1";
    public const string Control = "control.v1";
    public const string DeadLetter = "deadletter.v1";

    /// <summary>The headers of offer and control records.</summary>
    public const string OfferHeaders = "offer.v1#/$defs/headers";

    /// <summary>The headers of dead letters.</summary>
    public const string DeadLetterHeaders = "deadletter.v1#/$defs/headers";

    private const string BaseUri = "https://github.com/momentary/momentary/contracts/";
    private static readonly BuildOptions Build = new() { SchemaRegistry = new SchemaRegistry() };
    private static readonly Dictionary<string, JsonSchema> Schemas = Load();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> Fragments = new(StringComparer.Ordinal);

    /// <summary>Every schema file's name without <c>.schema.json</c>.</summary>
    public static IReadOnlyCollection<string> Names => Schemas.Keys;

    public static string Directory => RepoFiles.Path("contracts");

    /// <summary>A schema by file name (<c>offer.v1</c>) or a part of one (<c>offer.v1#/$defs/headers</c>).</summary>
    public static JsonSchema Get(string name) =>
        !name.Contains('#', StringComparison.Ordinal) ? Schemas[name]
        : Fragments.GetOrAdd(name, n => JsonSchema.FromText($$"""{"$ref":"{{BaseUri}}{{n.Replace("#", ".schema.json#", StringComparison.Ordinal)}}"}""", Build));

    /// <summary>Evaluates; <paramref name="formats"/> turns <c>format</c> into an assertion (2020-12 makes it an annotation by default).</summary>
    public static EvaluationResults Evaluate(string name, JsonElement instance, bool formats = false) =>
        Get(name).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = formats });

    public static bool IsValid(string name, JsonElement instance, bool formats = false) =>
        Get(name).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = formats }).IsValid;

    public static bool IsValid(string name, ReadOnlySpan<byte> json, bool formats = false)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        return IsValid(name, doc.RootElement, formats);
    }

    /// <summary>The failed assertions, one per line, for assertion messages.</summary>
    public static string Errors(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? [])
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")));

    /// <summary>The object <c>{ header: UTF-8 value }</c> the header schemas describe.</summary>
    public static JsonElement Headers(IEnumerable<(string Key, byte[] Value)> headers)
    {
        var obj = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in headers)
        {
            obj[key] = System.Text.Encoding.UTF8.GetString(value);
        }

        return JsonSerializer.SerializeToElement(obj);
    }

    private static Dictionary<string, JsonSchema> Load()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*.schema.json").Order(StringComparer.Ordinal).ToList();
        var schemas = files.ToDictionary(f => Path.GetFileName(f)[..^".schema.json".Length], f => JsonSchema.FromFile(f, Build), StringComparer.Ordinal);
        foreach (var (name, schema) in schemas)
        {
            // The $id is what references resolve against: it must name the file it is in.
            if (schema.BaseUri != new Uri(BaseUri + name + ".schema.json"))
            {
                throw new InvalidDataException($"contracts/{name}.schema.json has $id {schema.BaseUri}, expected {BaseUri}{name}.schema.json");
            }
        }

        return schemas;
    }
}
