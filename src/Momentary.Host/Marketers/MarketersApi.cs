using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Momentary.Host.Configuration;
using Momentary.Host.Engine;

namespace Momentary.Host.Marketers;

/// <summary>
/// The page's JSON API (behind the page's access check): the rules in force, the live counters, the "why not" look-up
/// (audited) and the back-test upload. Read-only: nothing here changes the engine.
/// </summary>
internal static partial class MarketersApi
{
    private const int MaxCustomerIdLength = 256;

    // The rules in force in words, parsed once per file version (the counters ask every 2 s per open page).
    // (A reference swapped whole: a struct tuple could be read torn.)
    private static Tuple<RulesInForce, IReadOnlyList<RuleView>>? s_described;

    public static void Map(WebApplication app, string prefix, Func<HttpContext, string> who)
    {
        app.MapGet(prefix + "/rules", (EngineState state) => state.Rules is { } rules
            ? Results.Json(new RulesAnswer(Path.GetFileName(rules.Path), rules.Hash, rules.LoadedAt, state.LastReload, Described(rules)), MarketersJson.Default.RulesAnswer)
            : Results.Json(new ProblemAnswer("the engine has not loaded its rules yet", []), MarketersJson.Default.ProblemAnswer, statusCode: StatusCodes.Status503ServiceUnavailable));

        app.MapGet(prefix + "/counters", (EngineState state, RuleCounters counters, TimeProvider time) =>
        {
            var rules = state.Rules is { } inForce ? Described(inForce).Select(r => counters.For(r.Id)).ToList() : [];
            return Results.Json(new CountersAnswer(counters.Window.TotalMinutes, time.GetUtcNow(), rules), MarketersJson.Default.CountersAnswer);
        });

        app.MapPost(prefix + "/whynot", async (HttpContext context, AuditLog audit, ILoggerFactory logs) =>
        {
            WhyNotQuestion? question;
            try
            {
                question = await context.Request.ReadFromJsonAsync(MarketersJson.Default.WhyNotQuestion, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return Problem(StatusCodes.Status400BadRequest, "send {\"customer\": \"...\"} as JSON");
            }

            var customer = question?.Customer?.Trim();
            if (string.IsNullOrEmpty(customer) || customer.Length > MaxCustomerIdLength)
            {
                return Problem(StatusCodes.Status400BadRequest, $"a customer id (1 to {MaxCustomerIdLength} characters) is needed");
            }

            if (context.RequestServices.GetService<IWhyNotSource>() is not { } source)
            {
                return Problem(StatusCodes.Status501NotImplemented, "decision traces are not available in this build");
            }

            audit.LookedUp(who(context), customer);
            try
            {
                return Results.Json(await source.ExplainAsync(customer, context.RequestAborted).ConfigureAwait(false), MarketersJson.Default.WhyNotAnswer);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // The exception's type only: its message may name the customer.
                LogWhyNotFailed(logs.CreateLogger(typeof(MarketersApi)), ex.GetType().Name);
                return Problem(StatusCodes.Status503ServiceUnavailable, "the context store did not answer; try again");
            }
        });

        app.MapPost(prefix + "/backtest", (HttpContext context, IOptions<MomentaryOptions> options) =>
            BacktestUpload.RunAsync(context, options.Value)).DisableAntiforgery();
    }

    private static IReadOnlyList<RuleView> Described(RulesInForce file)
    {
        if (Volatile.Read(ref s_described) is { } cached && ReferenceEquals(cached.Item1, file))
        {
            return cached.Item2;
        }

        var rules = RuleDescriber.Describe(file.Text);
        Volatile.Write(ref s_described, Tuple.Create(file, rules));
        return rules;
    }

    public static IResult Problem(int status, string problem, IReadOnlyList<string>? errors = null) =>
        Results.Json(new ProblemAnswer(problem, errors ?? []), MarketersJson.Default.ProblemAnswer, statusCode: status);

    [LoggerMessage(Level = LogLevel.Error, Message = "A why-not look-up failed ({ExceptionType})")]
    private static partial void LogWhyNotFailed(ILogger logger, string exceptionType);
}
