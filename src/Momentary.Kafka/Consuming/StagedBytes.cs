using Confluent.Kafka;

namespace Momentary.Kafka.Consuming;

/// <summary>A record's key or value as the poll thread's <see cref="ByteStage"/> holds it until the record is routed to its lane.</summary>
/// <param name="Length">Its length in bytes.</param>
/// <param name="IsNull">Whether the record had none (a missing key).</param>
internal readonly record struct StagedBytes(int Length, bool IsNull);

/// <summary>
/// Copies a key or value straight from librdkafka's buffer into one reused array, so consuming a record allocates no
/// byte array or string for it: the poll thread moves the bytes into the record's lane (<see cref="LaneRecords"/>)
/// right after <c>Consume</c> returns, before the next record overwrites them. One stage per consumer and part.
/// </summary>
internal sealed class ByteStage : IDeserializer<StagedBytes>
{
    private byte[] _buffer = new byte[4096];

    /// <summary>The bytes of the last record read (valid until the next <c>Consume</c>).</summary>
    public ReadOnlySpan<byte> Bytes(StagedBytes staged) => _buffer.AsSpan(0, staged.Length);

    public StagedBytes Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return new StagedBytes(0, IsNull: true);
        }

        if (data.Length > _buffer.Length)
        {
            _buffer = new byte[Math.Max(data.Length, _buffer.Length * 2)];
        }

        data.CopyTo(_buffer);
        return new StagedBytes(data.Length, IsNull: false);
    }
}
