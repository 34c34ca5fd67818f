using System.Text.Json.Serialization;

namespace Momentary.Core.Context;

/// <summary>Source-generated serializer metadata for the stored context values.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CustomerState))]
[JsonSerializable(typeof(CustomerProfile))]
internal sealed partial class ContextJsonContext : JsonSerializerContext;
