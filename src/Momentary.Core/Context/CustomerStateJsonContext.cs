using System.Text.Json.Serialization;

namespace Momentary.Core.Context;

/// <summary>Source-generated serializer metadata for <see cref="CustomerState"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CustomerState))]
internal sealed partial class CustomerStateJsonContext : JsonSerializerContext;
