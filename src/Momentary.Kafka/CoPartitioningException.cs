namespace Momentary.Kafka;

/// <summary>The input topics break the co-partitioning contract (see <see cref="CoPartitioning"/>); the message names each topic and its partition count.</summary>
public sealed class CoPartitioningException : Exception
{
    public CoPartitioningException()
    {
    }

    public CoPartitioningException(string message)
        : base(message)
    {
    }

    public CoPartitioningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
