using System.Text.Json;
using System.Text.Json.Nodes;
using Momentary.Core.Context;
using StackExchange.Redis;

namespace Momentary.Chaos.Verification;

/// <summary>
/// Every city customer's final engine state (<c>m:{id}:state</c>) in one world's Redis, decoded with
/// <see cref="CustomerStateCodec"/> (binary or older JSON) and written as its JSON view with object keys sorted, so two states equal in
/// content compare equal whatever order their dictionaries were filled in.
/// </summary>
internal sealed record StateSnapshot(IReadOnlyDictionary<string, string?> States)
{
    /// <summary>Top-level state fields, as JSON objects (sorted), for the per-field breakdown of differences.</summary>
    public static IReadOnlyDictionary<string, string> Fields(string canonical)
    {
        var node = JsonNode.Parse(canonical)!.AsObject();
        return node.ToDictionary(p => p.Key, p => p.Value?.ToJsonString() ?? "null");
    }

    public static async Task<StateSnapshot> CaptureAsync(string redisConfiguration, IReadOnlyList<string> customerIds)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        var db = redis.GetDatabase();
        var states = new Dictionary<string, string?>(customerIds.Count);
        foreach (var chunk in customerIds.Chunk(500))
        {
            var reads = chunk.Select(id => (id, db.StringGetAsync($"m:{{{id}}}:state"))).ToList();
            foreach (var (id, read) in reads)
            {
                var value = await read;
                states[id] = value.IsNull ? null : Canonical((byte[])value!);
            }
        }

        return new StateSnapshot(states);
    }

    private static string Canonical(byte[] utf8)
    {
        try
        {
            var state = CustomerStateCodec.Decode(utf8);
            return Sorted(JsonNode.Parse(CustomerStateCodec.EncodeJson(state)))?.ToJsonString() ?? "null";
        }
        catch (JsonException ex) // CustomerStateFormatException (a garbled binary state) is one too
        {
            return "undecodable: " + ex.GetType().Name;
        }
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray([.. a.Select(e => Sorted(e?.DeepClone()))]),
        _ => node?.DeepClone(),
    };
}
