using System.Diagnostics;
using System.Text;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Pipeline.Processing;
using Momentary.Pipeline.Telemetry;
using Momentary.Testing.Demo;
using Momentary.Testing.Telemetry;

namespace Momentary.Pipeline.Tests.Telemetry;

/// <summary>
/// The spans of one signal and the trace context its offer carries. Both tests are in this one class, which runs them one
/// after the other: the second needs no listener attached while it runs.
/// </summary>
public sealed class SignalTracingTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentSpanId = "00f067aa0ba902b7";
    private static readonly byte[] TraceParent = Encoding.ASCII.GetBytes($"00-{TraceId}-{ParentSpanId}-01");

    [Fact]
    public async Task Signal_WithTraceParent_ProcessSpanContinuesTheTrace_ContextLoadIsAChild_OfferCarriesTheSpan()
    {
        using var capture = new TelemetryCapture([PipelineTelemetry.Name], [PipelineTelemetry.Name]);
        var offer = await OfferRecordAsync();

        // Every ping of the walk carried the same traceparent: one process span each, all children of that parent.
        var header = Encoding.ASCII.GetString(offer.Headers.Single(h => h.Key == OfferHeaders.TraceParent).Value);
        var spans = capture.Spans.Where(s => s.TraceId.ToHexString() == TraceId).ToList();
        Assert.All(spans.Where(s => s.Kind == ActivityKind.Consumer), s => Assert.Equal(ParentSpanId, s.ParentSpanId.ToHexString()));
        var process = Assert.Single(spans, s => s.Id == header);
        Assert.Equal((ActivityKind.Consumer, "process momentary.signals.location.v1"), (process.Kind, process.DisplayName));
        Assert.Equal("process", process.GetTagItem("messaging.operation.type"));
        Assert.Contains(spans, s => s.DisplayName == "context load" && s.ParentSpanId == process.SpanId);
    }

    [Fact]
    public async Task Signal_WithTraceParent_NobodyListening_OfferPassesTheSignalsTraceParentOn()
    {
        var offer = await OfferRecordAsync();

        Assert.Equal(TraceParent, offer.Headers.Single(h => h.Key == OfferHeaders.TraceParent).Value);
    }

    // Jane's walk through the demo mall, the last ping carrying a traceparent: the ping that earns her offer.
    private static async Task<OutboundRecord> OfferRecordAsync()
    {
        var store = new Core.Context.InMemoryContextStore();
        var world = new DemoWorld(store, new Clock());
        await world.SeedAsync();
        OutboundRecord? offer = null;
        var walk = Host.Demo.DemoScenario.Walk("jane", DemoWorld.Start).ToList();
        for (var i = 0; i < walk.Count && offer is null; i++)
        {
            var record = DemoWorld.Record(walk[i], i) with { Headers = [new RecordHeader(OfferHeaders.TraceParent, TraceParent)] };
            var outcome = await world.Processor.ProcessAsync(record);
            offer = outcome.Outbound.FirstOrDefault(o => o.Topic == world.Settings.OfferTopic);
        }

        Assert.NotNull(offer);
        return offer;
    }

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DemoWorld.Start.AddMinutes(2);
    }
}
