using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.Time.Testing;
using Momentary.Contracts.Tests.Support;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Geo.Geofencing;
using Momentary.Pipeline.Processing;
using Xunit.Abstractions;

namespace Momentary.Contracts.Tests.DeadLetters;

/// <summary>
/// Every dead letter the processor writes passes deadletter.v1 (key, value, headers); and the rejections only the processor
/// can make (the key, the clock, the size) are of payloads the signal schema accepts.
/// </summary>
public sealed class DeadLetterSchemaTests(ITestOutputHelper output)
{
    // The hostile tests' records are dated 2026-11-24T10:30Z; the processing clock sits just after.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 31, 0, TimeSpan.Zero);

    private readonly SignalProcessor _processor = Processor();

    [Fact]
    public async Task DecoderCorpus_EveryRejectedRecord_DeadLettersAsTheSchemaDescribes()
    {
        var rejected = HostileCorpus.Records.Where(r => !r.Accepted).ToList();
        foreach (var (entry, i) in rejected.Select((e, i) => (e, i)))
        {
            var letter = await DeadLetterAsync("c", entry.Value, i);
            var kind = entry.Value.Length > new PipelineSettings().MaxSignalBytes ? Pipeline.Processing.DeadLetters.Oversized : entry.Error!.Kind;
            Assert.Equal(kind, Header(letter, Pipeline.Processing.DeadLetters.ErrorKindHeader));
        }

        output.WriteLine($"{rejected.Count} dead letters of the decoder corpus pass deadletter.v1");
    }

    public static TheoryData<string, string?, string, string> ProcessorOnly => new()
    {
        { "key differs from customerId", "mallory", Ping("jane", "2026-11-24T10:30:00Z"), "key-mismatch" },
        { "no key", null, Ping("jane", "2026-11-24T10:30:00Z"), "key-mismatch" },
        { "ts more than 1 day ahead of the processing clock", "jane", Ping("jane", "2026-11-25T10:31:01Z"), "invalid-field" },
        { "ts more than 30 days old", "jane", Ping("jane", "2026-10-25T10:30:59Z"), "stale" },
        { "value over 64 KiB", "jane", Ping("jane", "2026-11-24T10:30:00Z", ",\"pad\":\"" + new string('x', 70_000) + "\""), "oversized" },
        { "value over the dead-letter limit (truncated)", "jane", Ping("jane", "2026-11-24T10:30:00Z", ",\"pad\":\"" + new string('x', 1_500_000) + "\""), "oversized" },
    };

    [Theory]
    [MemberData(nameof(ProcessorOnly))]
    public async Task ProcessorOnlyRejection_OfAPayloadTheSchemaAccepts_DeadLettersAsTheSchemaDescribes(string why, string? key, string json, string kind)
    {
        var value = Encoding.UTF8.GetBytes(json);
        Assert.True(ContractSchemas.IsValid(ContractSchemas.Signal, value), $"{why}: the payload itself is valid");

        var letter = await DeadLetterAsync(key, value, 0);

        Assert.Equal(kind, Header(letter, Pipeline.Processing.DeadLetters.ErrorKindHeader));
    }

    private async Task<OutboundRecord> DeadLetterAsync(string? key, byte[] value, long offset)
    {
        var outcome = await _processor.ProcessAsync(new InboundRecord(TopicNames.Location, 3, offset, key, value, Now));
        Assert.Equal(SignalOutcomeKind.DeadLetter, outcome.Kind);
        var letter = Assert.Single(outcome.Outbound);
        Assert.Equal(TopicNames.DeadLetters, letter.Topic);
        var envelope = Envelope(letter);
        var result = ContractSchemas.Evaluate(ContractSchemas.DeadLetter, envelope, formats: true);
        Assert.True(result.IsValid, $"{envelope.GetRawText()[..Math.Min(600, envelope.GetRawText().Length)]}\n{ContractSchemas.Errors(result)}");
        return letter;
    }

    // The record as the dead-letter schema describes it for tools that mirror dead letters as JSON.
    private static JsonElement Envelope(OutboundRecord letter)
    {
        var utf8 = Utf8.IsValid(letter.Value);
        return JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["key"] = letter.Key,
            [utf8 ? "value" : "valueBase64"] = utf8 ? Encoding.UTF8.GetString(letter.Value) : Convert.ToBase64String(letter.Value),
            ["headers"] = ContractSchemas.Headers(letter.Headers.Select(h => (h.Key, h.Value))),
        });
    }

    private static string? Header(OutboundRecord record, string key) =>
        record.Headers.Where(h => h.Key == key).Select(h => Encoding.UTF8.GetString(h.Value)).LastOrDefault();

    private static string Ping(string customer, string ts, string extra = "") =>
        $$"""{"kind":"location","id":"p1","customerId":"{{customer}}","ts":"{{ts}}","lat":48.86004,"lon":2.3401{{extra}}}""";

    private static SignalProcessor Processor()
    {
        var catalog = JaneStory.Venues();
        var rules = RuleBookLoader.Load(Path.Combine(JaneStory.Folder, "rules.yaml"), catalog.Venues);
        return new SignalProcessor(new InMemoryContextStore(), () => rules, new Geofencer(FenceIndex.Build(catalog), new GeofenceSettings()), new FakeTimeProvider(Now), new PipelineSettings()) { RecordMetrics = false };
    }
}
