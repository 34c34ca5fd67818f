using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// Reads a pipe's output topic for the whole run and records, for every record whose signal was sent in the
/// current phase, the time from the signal's *intended* send time to now (open-loop schedule: a late sender
/// does not hide queueing, i.e. coordinated omission is corrected).
/// </summary>
internal sealed class LatencyReader : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _intended;
    private readonly Func<byte[], string?> _signalIdOf;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly IConsumer<byte[]?, byte[]> _consumer;
    private LatencyHistogram _current = new();
    private long _records;

    public LatencyReader(string bootstrap, string topic, ConcurrentDictionary<string, long> intended, Func<byte[], string?> signalIdOf)
    {
        _intended = intended;
        _signalIdOf = signalIdOf;
        _consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "latency-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Latest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 1,
        }).SetLogHandler((_, _) => { }).Build();
        _consumer.Subscribe(topic);
        _thread = new Thread(Loop) { IsBackground = true, Name = "latency-reader" };
        _thread.Start();
    }

    /// <summary>Records read so far (any phase).</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Waits until the reader is assigned its partitions (so no early record is missed).</summary>
    public void WaitAssigned(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (_consumer.Assignment.Count == 0 && waited.Elapsed < timeout)
        {
            Thread.Sleep(10);
        }
    }

    /// <summary>Starts a new phase; returns the histogram of the phase that ended.</summary>
    public LatencyHistogram NextPhase() => Interlocked.Exchange(ref _current, new LatencyHistogram());

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<byte[]?, byte[]>? r;
            try
            {
                r = _consumer.Consume(TimeSpan.FromMilliseconds(50));
            }
            catch (KafkaException)
            {
                continue;
            }

            if (r?.Message is null)
            {
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _records);
            if (_signalIdOf(r.Message.Value) is { } id && _intended.TryRemove(id, out var intended))
            {
                Volatile.Read(ref _current).RecordMilliseconds(Stopwatch.GetElapsedTime(intended, now).TotalMilliseconds);
            }
        }
    }
}
