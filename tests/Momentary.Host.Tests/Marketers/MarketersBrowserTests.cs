using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Momentary.Testing;
using Momentary.Testing.Traits;

namespace Momentary.Host.Tests.Marketers;

/// <summary>
/// The marketers' page in a real browser (headless Chromium) against <c>momentary run</c> on the embedded cluster:
/// closed to strangers, a rule's counter moving after a signal, "why not" for a customer in quiet hours, Jane's
/// back-test with its six offers, and the accessibility basics (labels, keyboard, contrast). Screenshots land in
/// <c>MOMENTARY_SCREENSHOTS</c> when set (docs/images).
/// </summary>
[Trait(Needs.Trait, Needs.Browser)]
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
[Trait(Needs.Trait, Needs.Processes)]
public sealed class MarketersBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Page_DuringARun_ClosedToStrangers_CountersMove_WhyNotExplains_BacktestShowsSixOffers_Accessible()
    {
        await using var engine = await MarketersEngine.StartAsync();
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            // Strangers: 401 with the bearer challenge, from a plain client and from the browser (which gets the sign-in form).
            using (var http = new HttpClient())
            {
                using var stranger = await http.GetAsync(new Uri(engine.BaseAddress, "/marketers/api/counters"));
                Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
                Assert.StartsWith("Bearer", stranger.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }

            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = engine.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout((float)Limit.TotalMilliseconds);
            var first = await page.GotoAsync("/marketers");
            Assert.Equal(401, first!.Status);
            Assert.Empty(await Accessibility.UnlabelledInputsAsync(page));
            await Screenshots.TakeAsync(page, "sign-in");

            // Sign in with the token, by label.
            await page.GetByLabel("Access token").FillAsync(MarketersEngine.Token);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            var ruleRow = page.Locator("#rules-table tbody tr", new() { HasText = MarketersEngine.Rule });
            await ruleRow.WaitForAsync();
            var ruleText = await ruleRow.InnerTextAsync();
            Assert.Contains("quiet hours: from 22:00, to 08:00", ruleText, StringComparison.Ordinal);
            Assert.StartsWith(MarketersEngine.Rule, ruleText, StringComparison.Ordinal);
            Assert.Contains("sha256", await page.Locator("#rules-file").InnerTextAsync(), StringComparison.Ordinal);

            // The rule's counter moves after a signal: Jane (local noon) walks into Aurora; the owl (2 a.m.) too.
            var fired = page.Locator($"#counters-table tr[data-rule='{MarketersEngine.Rule}'] td").Nth(0);
            Assert.Equal("0", await fired.InnerTextAsync());
            engine.WalkIntoAurora(MarketersEngine.Daytime);
            engine.WalkIntoAurora(MarketersEngine.Night);
            Assert.True(await Eventually.TrueAsync(async () => await fired.InnerTextAsync() == "1", Limit), "the fired counter never reached 1 (engine stderr:\n" + engine.Process.StandardError + ")");
            await Screenshots.TakeAsync(page, "page");

            // Keyboard only: Tab from the top reaches the why-not box; typing and Enter submit it.
            await page.Locator("body").FocusAsync();
            var tabs = 0;
            while (await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") != "whynot-customer")
            {
                Assert.True(++tabs < 60, "Tab never reached the why-not box");
                await page.Keyboard.PressAsync("Tab");
            }

            await page.Keyboard.TypeAsync(MarketersEngine.Night);
            await page.Keyboard.PressAsync("Enter");
            var answer = page.Locator("#whynot-result");
            Assert.True(await Eventually.TrueAsync(async () => (await answer.InnerTextAsync()).Contains("quiet hours", StringComparison.Ordinal), Limit), "why-not answered: " + await answer.InnerTextAsync());
            await Screenshots.TakeAsync(page, "why-not", page.Locator("#whynot"));
            var audit = await File.ReadAllLinesAsync(engine.AuditLog);
            using (var line = JsonDocument.Parse(Assert.Single(audit)))
            {
                Assert.Equal(("bearer", MarketersEngine.Night), (line.RootElement.GetProperty("who").GetString(), line.RootElement.GetProperty("customer").GetString()));
            }

            // Jane's back-test, uploaded through the form: six offers in the summary and on the timeline.
            await page.GetByLabel("Rules file (YAML)").SetInputFilesAsync(RepoFiles.Path("docs/examples/jane/rules.yaml"));
            await page.GetByLabel("Recorded signals (NDJSON)").SetInputFilesAsync(RepoFiles.Path("docs/examples/jane/signals.ndjson"));
            await page.GetByLabel("Customer context (NDJSON, optional)").SetInputFilesAsync(RepoFiles.Path("docs/examples/jane/context.ndjson"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Run back-test" }).ClickAsync();
            await page.Locator("#backtest-summary").WaitForAsync();
            Assert.Contains("6 offers would have been sent", await page.Locator("#backtest-summary").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(6, await page.Locator("#timeline-chart rect.offer").CountAsync());
            await Screenshots.TakeAsync(page, "backtest", page.Locator("#backtest"));

            // Accessibility basics on the full page: every input labelled, text contrast at least 4.5:1.
            Assert.Empty(await Accessibility.UnlabelledInputsAsync(page));
            var contrast = await Accessibility.LowestContrastAsync(page);
            output.WriteLine($"lowest text contrast {contrast.Ratio:F2}:1 ({contrast.Element}) over {contrast.Checked} elements; screenshots in {Screenshots.Folder}");
            Assert.True(contrast.Checked > 20, $"only {contrast.Checked} elements checked");
            Assert.True(contrast.Ratio >= 4.5, $"contrast {contrast.Ratio:F2}:1 at {contrast.Element}");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
