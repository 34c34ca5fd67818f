using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Momentary.Host.Configuration;

namespace Momentary.Host.Marketers;

/// <summary>
/// The marketers' page on the engine's port (docs/marketers.md): registered only when
/// <c>Momentary:Marketers:Enabled</c> is true. Every route under <c>/marketers</c> but the sign-in POST and the stylesheet answers 401
/// with <c>WWW-Authenticate: Bearer</c> to a stranger (the page route with the sign-in form as its body).
/// </summary>
internal static class MarketersPage
{
    private const string Prefix = "/marketers";
    private const string WhoKey = "momentary.marketers.who";

    // Same-origin scripts and styles only (no CDN, no inline script); never framed.
    private const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";

    /// <summary>Registers the page's services when it is enabled (options, access, audit log, live counters).</summary>
    public static IServiceCollection AddMarketersPage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection($"{MomentaryOptions.Section}:Marketers").Get<MarketersOptions>() ?? new MarketersOptions();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton(options);
        services.AddSingleton(new MarketersAccess(options));
        services.AddSingleton(sp => new AuditLog(options.AuditLog, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RuleCounters(options.CounterWindow, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Maps the page and its API when enabled; otherwise nothing (404).</summary>
    public static WebApplication MapMarketersPage(this WebApplication app)
    {
        if (app.Services.GetService<MarketersAccess>() is not { } access)
        {
            return app;
        }

        _ = app.Services.GetRequiredService<RuleCounters>(); // listening from the start, not from the first visit
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix), branch => branch.Use(async (context, next) =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.CacheControl = "no-store";
            // The sign-in form posts without a session, and its stylesheet (nothing in it is private) is fetched without one.
            if ((HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(Prefix + "/login", StringComparison.Ordinal))
                || (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Equals(Prefix + "/assets/marketers.css", StringComparison.Ordinal)))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (access.Who(context) is not { } who)
            {
                await RefuseAsync(context, problem: null).ConfigureAwait(false);
                return;
            }

            context.Items[WhoKey] = who;
            await next(context).ConfigureAwait(false);
        }));

        app.MapGet(Prefix, () => Asset("index.html"));
        app.MapGet(Prefix + "/assets/{name}", (string name) => Asset(name));
        app.MapPost(Prefix + "/login", async (HttpContext context) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
            if (!access.Matches(form?["token"].ToString()))
            {
                await RefuseAsync(context, "That token is not the one configured.").ConfigureAwait(false);
                return;
            }

            access.SignIn(context);
            context.Response.Redirect(Prefix, permanent: false);
        }).DisableAntiforgery();
        app.MapPost(Prefix + "/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(MarketersAccess.Cookie, new CookieOptions { Path = Prefix });
            return Results.Redirect(Prefix);
        });
        MarketersApi.Map(app, Prefix + "/api", context => (string)context.Items[WhoKey]!);
        return app;
    }

    private static IResult Asset(string name) =>
        PageAssets.Find(name) is { } file ? Results.Bytes(file.Bytes, file.ContentType) : Results.NotFound();

    // 401 with the bearer challenge; a browser asking for a page gets the sign-in form as the body.
    private static async Task RefuseAsync(HttpContext context, string? problem)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"momentary-marketers\"";
        if (context.Request.Path.StartsWithSegments(Prefix + "/api"))
        {
            await context.Response.WriteAsJsonAsync(new ProblemAnswer("sign in first: a bearer token or the page's session", []), MarketersJson.Default.ProblemAnswer, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var login = System.Text.Encoding.UTF8.GetString(PageAssets.Find("login.html")!.Value.Bytes)
            .Replace("<!--problem-->", problem is null ? string.Empty : $"<p class=\"problem\" role=\"alert\">{System.Net.WebUtility.HtmlEncode(problem)}</p>", StringComparison.Ordinal);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(login, context.RequestAborted).ConfigureAwait(false);
    }
}
