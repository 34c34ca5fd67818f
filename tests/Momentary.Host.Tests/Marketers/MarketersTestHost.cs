using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Momentary.Host.Configuration;
using Momentary.Host.Engine;
using Momentary.Host.Marketers;
using Momentary.Testing;

namespace Momentary.Host.Tests.Marketers;

/// <summary>
/// The marketers' page alone, on a free loopback port, as <c>momentary run</c> composes it (AddMarketersPage +
/// MapMarketersPage), with Jane's rules in force, an audit log in a temp file and an optional why-not double.
/// </summary>
internal sealed class MarketersTestHost : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";

    private readonly WebApplication _app;

    private MarketersTestHost(WebApplication app, string auditLog)
    {
        _app = app;
        AuditLogPath = auditLog;
        Http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public HttpClient Http { get; }

    public string AuditLogPath { get; }

    public static async Task<MarketersTestHost> StartAsync(IWhyNotSource? whyNot = null, bool enabled = true, string? proxyHeader = null, long maxUploadBytes = 10 * 1024 * 1024)
    {
        var audit = Path.Combine(Path.GetTempPath(), $"marketers-audit-{Guid.NewGuid():N}.log");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Momentary:Marketers:Enabled"] = enabled ? "true" : "false",
            ["Momentary:Marketers:Token"] = Token,
            ["Momentary:Marketers:TrustedProxyHeader"] = proxyHeader,
            ["Momentary:Marketers:AuditLog"] = audit,
            ["Momentary:Marketers:MaxUploadBytes"] = maxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Momentary:VenuesFile"] = Path.Combine(AppContext.BaseDirectory, "Demo", "mall.geojson"),
        });
        builder.Services.AddOptions<MomentaryOptions>().BindConfiguration(MomentaryOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        var state = new EngineState();
        var rules = RepoFiles.Path("docs/examples/jane/rules.yaml");
        state.RulesLoaded(new RulesInForce(rules, 7, "0123456789ab", DateTimeOffset.UtcNow) { Text = await File.ReadAllTextAsync(rules) });
        builder.Services.AddSingleton(state);
        if (whyNot is not null)
        {
            builder.Services.AddSingleton(whyNot);
        }

        builder.Services.AddMarketersPage(builder.Configuration);
        var app = builder.Build();
        app.MapMarketersPage();
        await app.StartAsync();
        return new MarketersTestHost(app, audit);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, bool signedIn = true, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (signedIn)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(AuditLogPath);
    }
}
