using System.Text.Json;
using Momentary.Host.Commands;
using Momentary.Testing;

namespace Momentary.Host.Tests.Explaining;

/// <summary><c>momentary explain</c> over the Jane example (docs/examples/jane), and <c>rules backtest --trace</c>.</summary>
public sealed class ExplainCommandTests
{
    private static readonly string Dir = RepoFiles.Path("docs", "examples", "jane");
    private static readonly FileInfo Venues = new(RepoFiles.Path("src", "Momentary.Host", "Demo", "mall.geojson"));

    [Fact]
    public async Task Explain_JaneEnteringAuroraAt0200Utc_PrintsQuietHoursWithHerLocalTime()
    {
        var (exit, output, error) = await ExplainAsync("jane-l-3", "2026-11-24T02:00:00Z", json: false);

        Assert.True(exit == 0, error);
        Assert.Contains("signal jane-l-3 (location) at 2026-11-24T02:00:00Z, evaluated at 2026-11-24T02:00:00Z", output, StringComparison.Ordinal);
        Assert.Contains("no offer: quiet-hours", output, StringComparison.Ordinal);
        Assert.Contains("aurora-friends at aurora: condition-failed: quiet hours 22:00-08:00 in Europe/Paris, local time 03:00", output, StringComparison.Ordinal);
        Assert.Contains("--at: every signal in the file was moved by -7h 40m", output, StringComparison.Ordinal);
        Assert.Contains("steps-champion: not-triggered: its steps trigger did not fire for this signal", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_WithoutAt_EvaluatesAtTheSignalsOwnTimeAndAgreesWithTheBacktest()
    {
        var (exit, output, error) = await ExplainAsync("jane-l-3", at: null, json: true);

        Assert.True(exit == 0, error);
        using var trace = JsonDocument.Parse(output);
        var root = trace.RootElement;
        Assert.Equal("2026-11-24T09:40:40Z", root.GetProperty("evaluatedAt").GetString());
        Assert.Equal("offer: aurora-friends/of_2xb3eb5duauckeoizvi6qc76ju", root.GetProperty("outcome").GetString());
        Assert.Contains("own time", root.GetProperty("note").GetString(), StringComparison.Ordinal);
        var aurora = root.GetProperty("rules").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "aurora-friends");
        Assert.Equal("issued", aurora.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Explain_NoContextSource_FailsWithExitTwoAndSaysWhatToGive()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new ExplainCommand.Request("jane", Path.Combine(Dir, "signals.ndjson"), null, null, new FileInfo(Path.Combine(Dir, "rules.yaml")), null, Venues, null, false);

        var exit = await ExplainCommand.RunAsync(request, output, error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("exactly one of --context FILE or --redis", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_WithTrace_WritesOneTracePerSignalMatchingTheOffers()
    {
        var traceFile = new FileInfo(Path.Combine(Path.GetTempPath(), $"{nameof(Backtest_WithTrace_WritesOneTracePerSignalMatchingTheOffers)}-{Guid.NewGuid():N}.ndjson"));
        var offersFile = new FileInfo(traceFile.FullName + ".offers");
        try
        {
            using var output = new StringWriter();
            var exit = await RulesCommands.BacktestAsync(new FileInfo(Path.Combine(Dir, "rules.yaml")), new FileInfo(Path.Combine(Dir, "signals.ndjson")), new FileInfo(Path.Combine(Dir, "context.ndjson")), Venues, offersFile, output, CancellationToken.None, traceFile);

            Assert.Equal(0, exit);
            var traces = (await File.ReadAllLinesAsync(traceFile.FullName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            // The 20 recorded signals and the 2 referral-credit signals the engine writes for jane (amy's purchase through
            // her code is in the file twice: credited once, the notice written for both, with one id).
            Assert.Equal(22, traces.Count);
            Assert.Equal(2, traces.Count(t => t.GetRawText().Contains("\"rc-amy-c-1\"", StringComparison.Ordinal)));
            var issued = traces.SelectMany(t => t.GetProperty("issued").EnumerateArray().Select(i => i.GetString()!.Split('/')[1])).ToList();
            var offers = (await File.ReadAllLinesAsync(offersFile.FullName)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("offerId").GetString()!).ToList();
            Assert.Equal(offers, issued);
            Assert.Contains(traces, t => t.GetProperty("rules").EnumerateArray().Any(r => r.GetProperty("stage").GetString() == "held-out"));
            Assert.Contains(traces, t => t.GetProperty("reason").GetString() == "customer-cap");
        }
        finally
        {
            traceFile.Delete();
            offersFile.Delete();
        }
    }

    private static async Task<(int Exit, string Output, string Error)> ExplainAsync(string id, string? at, bool json)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new ExplainCommand.Request("jane", Path.Combine(Dir, "signals.ndjson"), id, at, new FileInfo(Path.Combine(Dir, "rules.yaml")), new FileInfo(Path.Combine(Dir, "context.ndjson")), Venues, null, json);
        var exit = await ExplainCommand.RunAsync(request, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
