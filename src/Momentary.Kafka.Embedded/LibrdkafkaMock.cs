using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Momentary.Kafka.Embedded;

/// <summary>
/// librdkafka's mock-cluster functions, called on the very copy of librdkafka that Confluent.Kafka loaded
/// (a plain <c>[DllImport("librdkafka")]</c> would not find it: on Debian it is <c>centos8-librdkafka.so</c>).
/// </summary>
internal static partial class LibrdkafkaMock
{
    private const string Library = "librdkafka";
    private static int s_resolverSet;

    /// <summary>The native <c>rd_kafka_t*</c> behind a Confluent.Kafka client handle.</summary>
    public static IntPtr ClientPointer(Handle handle)
    {
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("this Confluent.Kafka version does not expose its librdkafka handle; the mock cluster needs it");
        var safe = (SafeHandle)property.GetValue(handle)!;
        return safe.DangerousGetHandle();
    }

    public static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref s_resolverSet, 1) == 1)
        {
            return;
        }

        NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaMock).Assembly, (name, _, _) =>
            name == Library && LoadedPath() is { } path ? NativeLibrary.Load(path) : IntPtr.Zero);
    }

    [LibraryImport(Library, EntryPoint = "rd_kafka_handle_mock_cluster")]
    public static partial IntPtr HandleMockCluster(IntPtr rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TopicCreate(IntPtr mcluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    public static partial void GroupInitialRebalanceDelayMs(IntPtr mcluster, int delayMs);

    // The copy Confluent.Kafka loaded is the one mapped into this process; loading it again returns the same module.
    private static string? LoadedPath()
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var at = line.IndexOf('/', StringComparison.Ordinal);
            if (at >= 0 && line.Contains("librdkafka", StringComparison.Ordinal))
            {
                return line[at..];
            }
        }

        return null;
    }
}
