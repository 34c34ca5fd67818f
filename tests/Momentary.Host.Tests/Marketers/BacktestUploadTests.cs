using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Momentary.Testing;

namespace Momentary.Host.Tests.Marketers;

/// <summary>The back-test form's upload: Jane's day gives her six offers; broken or oversized uploads get located, clear refusals.</summary>
public sealed class BacktestUploadTests
{
    [Fact]
    public async Task Backtest_JanesDay_SixOffersAndTheRuleTable()
    {
        await using var host = await MarketersTestHost.StartAsync();

        using var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/marketers/api/backtest", content: Upload(File.ReadAllText(RepoFiles.Path("docs/examples/jane/rules.yaml")))));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(6, json.RootElement.GetProperty("offers").GetArrayLength());
        Assert.Equal(7, json.RootElement.GetProperty("rules").GetArrayLength());
        Assert.DoesNotContain("\"jane\"", json.RootElement.GetProperty("offers").GetRawText(), StringComparison.Ordinal); // no customer ids
    }

    [Fact]
    public async Task Backtest_BrokenRulesFile_422WithLocatedErrors()
    {
        await using var host = await MarketersTestHost.StartAsync();

        using var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/marketers/api/backtest", content: Upload("version: 1\nrules:\n  - id: x\n    trigger: { teleport: {} }\n")));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(json.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetString()!.StartsWith("rules.yaml:3:5: rule 'x' is missing 'offer'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backtest_LargerThanTheLimit_413NamingTheSetting()
    {
        await using var host = await MarketersTestHost.StartAsync(maxUploadBytes: 4096);

        using var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/marketers/api/backtest", content: Upload(File.ReadAllText(RepoFiles.Path("docs/examples/jane/rules.yaml")))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxUploadBytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Upload(string rules)
    {
        var form = new MultipartFormDataContent();
        void Add(string name, string text, string file)
        {
            var part = new StringContent(text);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, name, file);
        }

        Add("rules", rules, "rules.yaml");
        Add("signals", File.ReadAllText(RepoFiles.Path("docs/examples/jane/signals.ndjson")), "signals.ndjson");
        Add("context", File.ReadAllText(RepoFiles.Path("docs/examples/jane/context.ndjson")), "context.ndjson");
        return form;
    }
}
