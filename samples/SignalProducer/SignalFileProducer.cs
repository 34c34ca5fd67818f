using System.Globalization;
using System.Text.Json.Nodes;
using Confluent.Kafka;

namespace Momentary.Samples.SignalProducer;

/// <summary>
/// Produces a recording of signals (NDJSON, contract v1) the way the contract asks (docs/contracts.md, "Partitioning"):
/// keyed by customerId, with the record timestamp set to the signal's ts, all through one producer with the client's
/// default partitioner. Replays in the recording's order, sleeping the recorded gaps up to <see cref="MaxGap"/>;
/// <see cref="Retime"/> shifts every ts so the last signal happens now (a recording stays fresh: Momentary
/// dead-letters signals older than 30 days and issues offers that expire relative to the signal).
/// </summary>
public sealed class SignalFileProducer(string bootstrapServers, SignalTopics topics, TimeProvider time, TextWriter output)
{
    /// <summary>Shift timestamps so the last signal is at the current time (default true).</summary>
    public bool Retime { get; init; } = true;

    /// <summary>The longest pause between two signals (default 500 ms; zero sends as fast as possible).</summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Produces every line of <paramref name="file"/>; returns how many were acknowledged.</summary>
    public async Task<int> ProduceAsync(string file, CancellationToken cancellationToken)
    {
        var signals = File.ReadLines(file).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var times = signals.Select(s => DateTimeOffset.Parse((string)s["ts"]!, CultureInfo.InvariantCulture)).ToList();
        var shift = Retime && times.Count > 0 ? time.GetUtcNow() - times.Max() : TimeSpan.Zero;
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        for (var i = 0; i < signals.Count; i++)
        {
            if (i > 0 && MaxGap > TimeSpan.Zero)
            {
                var gap = times[i] - times[i - 1];
                await Task.Delay(gap < TimeSpan.Zero ? TimeSpan.Zero : gap < MaxGap ? gap : MaxGap, time, cancellationToken);
            }

            var signal = signals[i];
            var ts = times[i] + shift;
            signal["ts"] = ts.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            var customer = (string)signal["customerId"]!;
            var topic = topics.For((string?)signal["kind"], (string?)signal["action"]);
            var message = new Message<string, string> { Key = customer, Value = signal.ToJsonString(), Timestamp = new Timestamp(ts) };
            var delivered = await producer.ProduceAsync(topic, message, cancellationToken);
            await output.WriteLineAsync($"SENT      {signal["kind"],-8} {signal["id"],-16} {customer,-5} -> {delivered.TopicPartitionOffset}");
        }

        return signals.Count;
    }
}
