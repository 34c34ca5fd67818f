using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Where Momentary's drain allocates, by type and call site: runs the load harness (`run --quick --throughput-only`),
// records the runtime's allocation ticks with their stacks from the "Momentary warm-up" line to the allocation line
// (the drain, and the harness producing its backlog), and prints the largest shares.
// Usage: dotnet run -c Release --project load-tests/Momentary.AllocStacks -- <path to momentary-load.dll> [top N]
if (args.Length < 1)
{
    await Console.Error.WriteLineAsync("usage: Momentary.AllocStacks <momentary-load.dll> [top N]");
    return 2;
}

var top = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
var trace = Path.Combine(Path.GetTempPath(), $"momentary-alloc-{Environment.ProcessId}.nettrace");
var start = new ProcessStartInfo("dotnet", $"\"{args[0]}\" run --quick --throughput-only") { RedirectStandardOutput = true, UseShellExecute = false };
using (var harness = Process.Start(start) ?? throw new InvalidOperationException("the harness did not start"))
{
    var client = new DiagnosticsClient(harness.Id);
    EventPipeSession? session = null;
    Task? copying = null;
    while (await harness.StandardOutput.ReadLineAsync() is { } line)
    {
        Console.WriteLine(line);
        if (session is null && copying is null && line.StartsWith("Momentary warm-up:", StringComparison.Ordinal))
        {
            var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.Jit | ClrTraceEventParser.Keywords.Loader);
            session = client.StartEventPipeSession([new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, keywords)], requestRundown: true, circularBufferMB: 512);
            var events = session.EventStream;
            copying = Task.Run(async () =>
            {
                await using var file = File.Create(trace);
                await events.CopyToAsync(file);
            });
        }
        else if (session is not null && line.StartsWith("allocated while Momentary drained", StringComparison.Ordinal))
        {
            session.Stop();
            await copying!;
            session.Dispose();
            session = null;
        }
    }

    await harness.WaitForExitAsync();
    if (copying is null)
    {
        await Console.Error.WriteLineAsync("the harness never reached Momentary's drain");
        return 1;
    }
}

var etlx = TraceLog.CreateFromEventPipeDataFile(trace);
File.Delete(trace);
using var log = TraceLog.OpenOrConvert(etlx);
var bySite = new Dictionary<string, double>(StringComparer.Ordinal);
var collections = new List<string>();
double total = 0;
double suspended = 0;
foreach (var traced in log.Events) // TraceEvents enumerates only through its generic interface
{
    // Each collection in the window: its pause (suspension to restart), what each kind of root marked (the cards:
    // old objects pointing at young ones), and what it promoted.
    switch (traced)
    {
        case GCSuspendEETraceData suspend:
            suspended = suspend.TimeStampRelativeMSec;
            continue;
        case GCStartTraceData gc:
            collections.Add(string.Create(CultureInfo.InvariantCulture, $"gen{gc.Depth} ({gc.Reason}, {gc.Type}) at {gc.TimeStampRelativeMSec:N0} ms"));
            continue;
        case GCMarkWithTypeTraceData mark when collections.Count > 0:
            collections[^1] += string.Create(CultureInfo.InvariantCulture, $"; marked {(GCRootKind)mark.Type} {mark.Promoted / 1e6:N1} MB");
            continue;
        case GCHeapStatsTraceData stats when collections.Count > 0:
            collections[^1] += string.Create(CultureInfo.InvariantCulture, $"; promoted gen0 {stats.TotalPromotedSize0 / 1e6:N1} MB, gen1 {stats.TotalPromotedSize1 / 1e6:N1} MB; gen2 {stats.GenerationSize2 / 1e6:N1} MB, LOH {stats.GenerationSize3 / 1e6:N1} MB, POH {stats.GenerationSize4 / 1e6:N1} MB");
            continue;
        case { EventName: "GC/RestartEEStop" } restart when collections.Count > 0 && suspended > 0:
            collections[^1] += string.Create(CultureInfo.InvariantCulture, $"; paused {restart.TimeStampRelativeMSec - suspended:N1} ms");
            suspended = 0;
            continue;
    }

    if (traced is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    total += tick.AllocationAmount64;
    var frames = new List<string>();
    for (var frame = tick.CallStack(); frame is not null && frames.Count < 3; frame = frame.Caller)
    {
        var method = frame.CodeAddress.FullMethodName;
        if (method.StartsWith("Momentary", StringComparison.Ordinal) || method.StartsWith("Confluent", StringComparison.Ordinal)
            || method.StartsWith("StackExchange", StringComparison.Ordinal) || method.StartsWith("Akka", StringComparison.Ordinal))
        {
            frames.Add(method);
        }
    }

    var site = $"{tick.TypeName}  <=  {string.Join(" < ", frames)}";
    bySite[site] = bySite.GetValueOrDefault(site) + tick.AllocationAmount64;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--- allocation ticks: {total / 1e6:N1} MB sampled"));
foreach (var (site, bytes) in bySite.OrderByDescending(kv => kv.Value).Take(top))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / total,7:P1}  {site}"));
}

Console.WriteLine("--- collections");
foreach (var collection in collections)
{
    Console.WriteLine(collection);
}

log.Dispose();
File.Delete(etlx);
return 0;

// The runtime's GCMarkWithType root kinds.
internal enum GCRootKind
{
    Stack = 0,
    FinalizeQueue = 1,
    Handles = 2,
    OlderGenerations = 3,
    SizedRef = 4,
    Overflow = 5,
    DependentHandles = 6,
    NewFinalizeQueue = 7,
    Steal = 8,
    BGCMarkOverflow = 9,
}
