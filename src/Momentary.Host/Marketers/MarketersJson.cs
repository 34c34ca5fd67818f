using System.Text.Json;
using System.Text.Json.Serialization;

namespace Momentary.Host.Marketers;

/// <summary>The JSON the page's API answers with (camelCase, source-generated).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(RulesAnswer))]
[JsonSerializable(typeof(CountersAnswer))]
[JsonSerializable(typeof(WhyNotAnswer))]
[JsonSerializable(typeof(WhyNotQuestion))]
[JsonSerializable(typeof(BacktestAnswer))]
[JsonSerializable(typeof(ProblemAnswer))]
internal sealed partial class MarketersJson : JsonSerializerContext;
