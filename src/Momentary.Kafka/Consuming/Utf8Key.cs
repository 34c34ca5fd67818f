using System.Text;
using Confluent.Kafka;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// Reads a record key straight from librdkafka's buffer into a string (UTF-8; invalid sequences become U+FFFD, as
/// <see cref="Encoding.UTF8"/> decodes them), so a consumed key is not first copied into a byte array; a missing
/// key is <c>null</c>, an empty one the empty string.
/// </summary>
internal sealed class Utf8Key : IDeserializer<string?>
{
    public static readonly Utf8Key Instance = new();

    public string? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? null : Encoding.UTF8.GetString(data);
}
