namespace Momentary.Kafka;

/// <summary>The input topics break the co-partitioning contract (see <see cref="CoPartitioning"/>); the message names each topic and its partition count.</summary>
public sealed class CoPartitioningException : Exception
{
    /// <summary>An exception without a message (prefer the one that names the topics).</summary>
    public CoPartitioningException()
    {
    }

    /// <summary>An exception whose message names every topic and its partition count.</summary>
    public CoPartitioningException(string message)
        : base(message)
    {
    }

    /// <summary>As <see cref="CoPartitioningException(string)"/>, caused by <paramref name="innerException"/>.</summary>
    public CoPartitioningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
