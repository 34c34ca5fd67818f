using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Momentary.Host.Tests.Marketers;

/// <summary>The marketers' page over real HTTP: closed to strangers, read-only answers, the audit trail, and off by default.</summary>
public sealed class MarketersPageTests
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/marketers" },
        { "GET", "/marketers/assets/marketers.js" },
        { "GET", "/marketers/api/rules" },
        { "GET", "/marketers/api/counters" },
        { "POST", "/marketers/api/whynot" },
        { "POST", "/marketers/api/backtest" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithoutCredential_401WithBearerChallenge(string method, string path)
    {
        await using var host = await MarketersTestHost.StartAsync(new WhyNotDouble());

        using var response = await host.Http.SendAsync(host.Request(new HttpMethod(method), path, signedIn: false));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithWrongToken_401AndTheSignInForm()
    {
        await using var host = await MarketersTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/marketers");
        request.Headers.Authorization = new("Bearer", MarketersTestHost.Token + "x");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("<label for=\"token\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithTheToken_SetsAnHttpOnlyCookieThatOpensThePage()
    {
        await using var host = await MarketersTestHost.StartAsync();
        using var handler = new HttpClientHandler { UseCookies = true, AllowAutoRedirect = true };
        using var browser = new HttpClient(handler) { BaseAddress = host.Http.BaseAddress };

        using var signIn = await browser.PostAsync(new Uri("/marketers/login", UriKind.Relative), new FormUrlEncodedContent([new("token", MarketersTestHost.Token)]));
        var cookie = Assert.Single(handler.CookieContainer.GetAllCookies());

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("Rules in force", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(cookie.HttpOnly);
        Assert.DoesNotContain(MarketersTestHost.Token, cookie.Value, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", signIn.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithAWrongToken_401WithTheProblemShown()
    {
        await using var host = await MarketersTestHost.StartAsync();

        using var response = await host.Http.PostAsync(new Uri("/marketers/login", UriKind.Relative), new FormUrlEncodedContent([new("token", "guess")]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not the one configured", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_NotAForm_401NotAServerError()
    {
        await using var host = await MarketersTestHost.StartAsync();

        using var response = await host.Http.PostAsync(new Uri("/marketers/login", UriKind.Relative), new StringContent("{\"token\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Rules_JaneFile_EachRuleInWordsWithHashAndHoldout()
    {
        await using var host = await MarketersTestHost.StartAsync();

        using var response = await host.Http.SendAsync(host.Request(HttpMethod.Get, "/marketers/api/rules"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rules = json.RootElement.GetProperty("rules").EnumerateArray().ToList();
        var aurora = rules.Single(r => r.GetProperty("id").GetString() == "aurora-friends");

        Assert.Equal("0123456789ab", json.RootElement.GetProperty("hash").GetString());
        Assert.Equal(7, rules.Count);
        Assert.Equal("enter: venue aurora", aurora.GetProperty("trigger").GetString());
        Assert.Contains("friends: at least 3, within 14d", aurora.GetProperty("conditions").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("5%", aurora.GetProperty("holdout").GetString());
        Assert.Equal("per customer 1, window 7d", aurora.GetProperty("caps").GetString());
    }

    [Fact]
    public async Task WhyNot_TwoLookUps_TwoAuditLinesWithWhoWhenCustomerAndNothingElse()
    {
        await using var host = await MarketersTestHost.StartAsync(new WhyNotDouble(), proxyHeader: "X-Forwarded-Email");

        using var first = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/marketers/api/whynot", content: JsonContent.Create(new { customer = "jane" })));
        var proxied = host.Request(HttpMethod.Post, "/marketers/api/whynot", signedIn: false, content: JsonContent.Create(new { customer = "ted" }));
        proxied.Headers.Add("X-Forwarded-Email", "mia@example.com");
        using var second = await host.Http.SendAsync(proxied);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("no offer: quiet hours", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var lines = (await File.ReadAllLinesAsync(host.AuditLogPath)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(["at", "who", "customer"], lines[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("bearer", "jane"), (lines[0].GetProperty("who").GetString(), lines[0].GetProperty("customer").GetString()));
        Assert.Equal(("mia@example.com", "ted"), (lines[1].GetProperty("who").GetString(), lines[1].GetProperty("customer").GetString()));
        Assert.InRange(lines[1].GetProperty("at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task WhyNot_StoreOutage_503WithoutTheCustomerInTheAnswer()
    {
        await using var host = await MarketersTestHost.StartAsync(new WhyNotDouble(outage: true));

        using var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/marketers/api/whynot", content: JsonContent.Create(new { customer = "jane" })));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain("jane", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhyNot_NoCustomer_400AndNotAudited()
    {
        await using var host = await MarketersTestHost.StartAsync(new WhyNotDouble());

        using var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/marketers/api/whynot", content: JsonContent.Create(new { customer = " " })));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(File.Exists(host.AuditLogPath) && (await File.ReadAllTextAsync(host.AuditLogPath)).Length > 0);
    }

    [Fact]
    public async Task Page_Disabled_EveryRoute404()
    {
        await using var host = await MarketersTestHost.StartAsync(enabled: false);

        using var page = await host.Http.SendAsync(host.Request(HttpMethod.Get, "/marketers"));
        using var api = await host.Http.SendAsync(host.Request(HttpMethod.Get, "/marketers/api/rules"));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }
}
