using Momentary.Chaos.Input;
using Momentary.Chaos.Worlds;

namespace Momentary.Chaos.Observation;

/// <summary>
/// Samples a world's group every 250 ms while a scenario runs: committed offsets against what the feeder has had
/// acknowledged. Progress (for "kill at 20%"), lag and recovery times are read from these samples.
/// </summary>
internal sealed class RunProgress : IAsyncDisposable
{
    private readonly World _world;
    private readonly InputFeeder _feeder;
    private readonly int _inputSize;
    private readonly List<ProgressSample> _samples = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RunProgress(World world, InputFeeder feeder, int inputSize)
    {
        _world = world;
        _feeder = feeder;
        _inputSize = inputSize;
        _loop = Task.Run(LoopAsync);
    }

    public IReadOnlyList<ProgressSample> Samples
    {
        get
        {
            lock (_lock)
            {
                return [.. _samples];
            }
        }
    }

    public ProgressSample Latest
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count > 0 ? _samples[^1] : new ProgressSample(DateTimeOffset.UtcNow, 0, 0, 0);
            }
        }
    }

    /// <summary>Committed share of the whole input (0..1).</summary>
    public double Fraction => (double)Latest.Committed / _inputSize;

    /// <summary>Waits until <paramref name="fraction"/> of the input is committed.</summary>
    public Task<bool> WaitForFractionAsync(double fraction, TimeSpan timeout, CancellationToken ct) =>
        WaitAsync(s => s.Committed >= fraction * _inputSize, timeout, ct);

    /// <summary>Waits until the whole input is produced and committed (lag 0 on every partition).</summary>
    public Task<bool> WaitDrainedAsync(TimeSpan timeout, CancellationToken ct) =>
        WaitAsync(s => s.Produced >= _inputSize && s.Committed >= _inputSize && s.Lag == 0, timeout, ct);

    /// <summary>Polls the samples until <paramref name="condition"/> holds, or the timeout passes.</summary>
    public async Task<bool> WaitAsync(Func<ProgressSample, bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (condition(Latest))
            {
                return true;
            }

            if (_world.Kafka.Failure is { } failure)
            {
                throw new InvalidOperationException($"world {_world.Name}: {failure}");
            }

            await Task.Delay(100, ct);
        }

        return condition(Latest);
    }

    /// <summary>The first sample at or after <paramref name="from"/> that satisfies <paramref name="condition"/>, as time since <paramref name="from"/>.</summary>
    public TimeSpan? TimeUntil(DateTimeOffset from, Func<ProgressSample, bool> condition)
    {
        foreach (var sample in Samples)
        {
            if (sample.At >= from && condition(sample))
            {
                return sample.At - from;
            }
        }

        return null;
    }

    /// <summary>The largest lag seen in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public long MaxLag(DateTimeOffset from, DateTimeOffset to) => Samples.Where(s => s.At >= from && s.At < to).Select(s => s.Lag).DefaultIfEmpty(0).Max();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var position = _world.Monitor.Position(_feeder.EndOffsets(_world.Monitor.Partitions));
                var sample = new ProgressSample(position.At, position.CommittedTotal, position.EndTotal, position.Lag);
                lock (_lock)
                {
                    _samples.Add(sample);
                }
            }
            catch (Confluent.Kafka.KafkaException)
            {
                // The cluster is busy or a broker is slow to answer: the next sample will tell.
            }

            await Task.Delay(250, _stop.Token);
        }
    }
}
