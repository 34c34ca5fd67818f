using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// Polls a Confluent consumer's librdkafka client directly, so reading a record allocates nothing: the poll thread
/// copies the key and value from librdkafka's buffer into the record's lane and destroys the message. Confluent's
/// <c>Consume</c> builds seven objects per record (the message struct boxed, <c>ConsumeResult</c>, <c>Message</c>,
/// <c>Headers</c> and its list, the partition and the topic string) that die right after (docs/performance.md, "Sixth
/// session"). Everything else stays Confluent's: the rebalance, error, log, statistics and commit callbacks it
/// registered are served by this poll just as by its own (librdkafka calls them from <c>rd_kafka_consumer_poll</c>);
/// assignment, pause, resume, offsets and close go through the consumer as before.
/// <para>
/// The functions are taken from the very copy of librdkafka Confluent loaded (its <c>DllImport</c> library name,
/// resolved from its assembly: on Debian <c>centos8-librdkafka.so</c>), never a second copy.
/// </para>
/// </summary>
internal sealed unsafe class NativePoll : IDisposable
{
    private readonly SafeHandle _client;
    private readonly IntPtr _rk;
    private bool _released;

    public NativePoll(Handle handle)
    {
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("this Confluent.Kafka version does not expose its librdkafka handle, which the consumer's poll needs");
        _client = (SafeHandle)property.GetValue(handle)!;
        var added = false;
        _client.DangerousAddRef(ref added); // the client is not freed while this poll uses it
        _rk = _client.DangerousGetHandle();
        _ = Functions.Instance;
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for the next record or event; <see cref="PolledRecord.IsNone"/> when none came.</summary>
    public PolledRecord Next(int timeoutMs) => new(Functions.Instance.ConsumerPoll(_rk, timeoutMs));

    /// <summary>Frees a polled message (its spans are invalid afterwards).</summary>
    public static void Destroy(PolledRecord record)
    {
        if (!record.IsNone)
        {
            Functions.Instance.MessageDestroy(record.Pointer);
        }
    }

    public void Dispose()
    {
        if (!_released)
        {
            _released = true;
            _client.DangerousRelease();
        }
    }

    /// <summary>librdkafka's <c>rd_kafka_message_t</c> (rdkafka.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Message
    {
        public ErrorCode Err;
        public IntPtr Rkt;
        public int Partition;
        public byte* Payload;
        public nuint Len;
        public byte* Key;
        public nuint KeyLen;
        public long Offset;
        public IntPtr Private;
    }

    /// <summary>The librdkafka functions the poll calls, resolved once from the library Confluent loaded.</summary>
    internal sealed class Functions
    {
        public static readonly Functions Instance = new();

        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, Message*> ConsumerPoll;
        public readonly delegate* unmanaged[Cdecl]<Message*, void> MessageDestroy;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*> TopicName;
        public readonly delegate* unmanaged[Cdecl]<Message*, int*, long> MessageTimestamp;
        public readonly delegate* unmanaged[Cdecl]<Message*, IntPtr*, ErrorCode> MessageHeaders;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, byte**, byte**, nuint*, ErrorCode> HeaderGetAll;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint> HeaderCount;

        private Functions()
        {
            var library = NativeLibrary.Load(LibraryName(), typeof(Handle).Assembly, null);
            ConsumerPoll = (delegate* unmanaged[Cdecl]<IntPtr, int, Message*>)NativeLibrary.GetExport(library, "rd_kafka_consumer_poll");
            MessageDestroy = (delegate* unmanaged[Cdecl]<Message*, void>)NativeLibrary.GetExport(library, "rd_kafka_message_destroy");
            TopicName = (delegate* unmanaged[Cdecl]<IntPtr, byte*>)NativeLibrary.GetExport(library, "rd_kafka_topic_name");
            MessageTimestamp = (delegate* unmanaged[Cdecl]<Message*, int*, long>)NativeLibrary.GetExport(library, "rd_kafka_message_timestamp");
            MessageHeaders = (delegate* unmanaged[Cdecl]<Message*, IntPtr*, ErrorCode>)NativeLibrary.GetExport(library, "rd_kafka_message_headers");
            HeaderGetAll = (delegate* unmanaged[Cdecl]<IntPtr, nuint, byte**, byte**, nuint*, ErrorCode>)NativeLibrary.GetExport(library, "rd_kafka_header_get_all");
            HeaderCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint>)NativeLibrary.GetExport(library, "rd_kafka_header_cnt");
        }

        // The library name of the DllImport behind Confluent's own consumer poll, which is the copy it loaded.
        private static string LibraryName()
        {
            var native = typeof(Handle).Assembly.GetType("Confluent.Kafka.Impl.Librdkafka")
                ?.GetField("_consumer_poll", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as Delegate;
            return native?.Method.GetCustomAttribute<DllImportAttribute>()?.Value
                ?? throw new InvalidOperationException("this Confluent.Kafka version does not show which librdkafka it loaded, which the consumer's poll needs");
        }
    }
}

/// <summary>
/// A message librdkafka returned from a poll: a record, the end of a partition, or an error. Its spans point into
/// librdkafka's buffer and are valid until <see cref="NativePoll.Destroy"/>.
/// </summary>
internal readonly unsafe ref struct PolledRecord
{
    private readonly NativePoll.Message* _m;

    internal PolledRecord(NativePoll.Message* message) => _m = message;

    public bool IsNone => _m == null;

    internal NativePoll.Message* Pointer => _m;

    public ErrorCode Error => _m->Err;

    public int Partition => _m->Partition;

    public long Offset => _m->Offset;

    /// <summary>The topic's name, UTF-8, or empty when the message names none.</summary>
    public ReadOnlySpan<byte> Topic => _m->Rkt == IntPtr.Zero
        ? default
        : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(NativePoll.Functions.Instance.TopicName(_m->Rkt));

    public bool KeyIsNull => _m->Key == null;

    public ReadOnlySpan<byte> Key => _m->Key == null ? default : new(_m->Key, checked((int)_m->KeyLen));

    public ReadOnlySpan<byte> Value => _m->Payload == null ? default : new(_m->Payload, checked((int)_m->Len));

    /// <summary>The record's timestamp in Unix milliseconds, -1 when it has none (as Confluent's <c>Timestamp</c>).</summary>
    public long TimestampMs
    {
        get
        {
            int type;
            return NativePoll.Functions.Instance.MessageTimestamp(_m, &type);
        }
    }

    /// <summary>An error message's text (librdkafka puts it in the payload).</summary>
    public string ErrorReason => _m->Payload == null ? Error.ToString() : System.Text.Encoding.UTF8.GetString(Value);

    /// <summary>The record's headers, copied (a record without any costs nothing).</summary>
    public IReadOnlyList<Core.Messaging.RecordHeader> Headers()
    {
        var functions = NativePoll.Functions.Instance;
        IntPtr headers;
        if (functions.MessageHeaders(_m, &headers) != ErrorCode.NoError || headers == IntPtr.Zero)
        {
            return [];
        }

        var count = checked((int)functions.HeaderCount(headers));
        if (count == 0)
        {
            return [];
        }

        var copy = new Core.Messaging.RecordHeader[count]; // sized exactly: a traced signal carries a header on every record
        for (var i = 0; i < copy.Length; i++)
        {
            byte* name, value;
            nuint size;
            if (functions.HeaderGetAll(headers, (nuint)i, &name, &value, &size) != ErrorCode.NoError)
            {
                return copy[..i];
            }

            var bytes = value == null ? [] : new ReadOnlySpan<byte>(value, checked((int)size)).ToArray();
            copy[i] = new(Marshal.PtrToStringUTF8((IntPtr)name)!, bytes);
        }

        return copy;
    }
}
