using System.CommandLine;
using System.Globalization;
using Momentary.Core.Rules;
using Momentary.Core.Rules.Tracing;
using Momentary.Geo.Venues;
using Momentary.Host.Engine;
using Momentary.Host.Explaining;
using Momentary.Redis.Runtime;

namespace Momentary.Host.Commands;

/// <summary>
/// <c>momentary explain</c>: why a customer's signal earned the offers it did, or none — every rule, how far it got,
/// the values that decided (docs/marketers.md, "Decision traces and <c>momentary explain</c>").
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var customer = new Option<string>("--customer") { Description = "The customer whose signals to explain.", Required = true };
        var signal = new Option<string>("--signal") { Description = "An NDJSON file of signals (the customer's are explained; with --context all are replayed), or one signal's JSON.", Required = true };
        var id = new Option<string?>("--id") { Description = "Explain only the signal with this id." };
        var at = new Option<string?>("--at") { Description = "Evaluate as if the signal arrived at this time (ISO 8601, e.g. 2026-11-24T02:00:00Z). Default: the signal's own time." };
        var rules = new Option<FileInfo>("--rules") { Description = "The rules file (YAML).", Required = true };
        var context = new Option<FileInfo?>("--context") { Description = "Customer context, NDJSON (as rules backtest). Either this or --redis." };
        var venues = new Option<FileInfo?>("--venues") { Description = "Venues GeoJSON (default: the demo mall)." };
        var redis = new Option<string?>("--redis") { Description = "Read the customer's context from this Redis (StackExchange.Redis configuration), read only. Either this or --context." };
        var json = new Option<bool>("--json") { Description = "Print each trace as one line of JSON." };
        var command = new Command("explain", "Print the decision trace of a customer's signals: which rules were candidates, which condition failed with the values compared, what lost arbitration, was capped or held out.")
        {
            customer, signal, id, at, rules, context, venues, redis, json,
        };
        command.SetAction((result, ct) => RunAsync(
            new Request(result.GetValue(customer)!, result.GetValue(signal)!, result.GetValue(id), result.GetValue(at), result.GetValue(rules)!, result.GetValue(context), result.GetValue(venues), result.GetValue(redis), result.GetValue(json)),
            Console.Out,
            Console.Error,
            ct));
        return command;
    }

    /// <summary>Explains; 0 when traced, 1 when the rules are invalid, 2 for a missing or broken input.</summary>
    public static async Task<int> RunAsync(Request request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if ((request.Context is null) == (request.Redis is null))
        {
            await error.WriteLineAsync("momentary explain: give the customer's context with exactly one of --context FILE or --redis CONFIGURATION").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }

        DateTimeOffset? at = null;
        if (request.At is { } atText)
        {
            if (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                await error.WriteLineAsync($"momentary explain: --at '{atText}' is not a time; write ISO 8601, e.g. 2026-11-24T02:00:00Z").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }

            at = parsed;
        }

        var signalText = request.Signal.TrimStart().StartsWith('{') ? request.Signal : File.Exists(request.Signal) ? await File.ReadAllTextAsync(request.Signal, ct).ConfigureAwait(false) : null;
        if (signalText is null || (request.Context is { Exists: false }))
        {
            await error.WriteLineAsync($"momentary explain: {(signalText is null ? request.Signal : request.Context!.FullName)}: no such file").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }

        VenueCatalog catalog;
        RuleBook book;
        try
        {
            catalog = VenueCatalog.Load(request.Venues?.FullName ?? Path.Combine(AppContext.BaseDirectory, "Demo", "mall.geojson"));
            book = RuleBookLoader.Load(request.Rules.FullName, catalog.Venues);
        }
        catch (VenueFileException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }
        catch (RuleFileException ex)
        {
            foreach (var e in ex.Errors)
            {
                await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.Failure;
        }

        var (signals, problems) = Explainer.ReadSignals(signalText);
        foreach (var problem in problems)
        {
            await error.WriteLineAsync("rejected " + problem).ConfigureAwait(false);
        }

        IReadOnlyList<DecisionTrace> traces;
        if (request.Context is { } contextFile)
        {
            var contextText = await File.ReadAllTextAsync(contextFile.FullName, ct).ConfigureAwait(false);
            traces = await Explainer.FromFilesAsync(book, catalog, contextText, signals, request.Customer, request.Id, at, ct).ConfigureAwait(false);
        }
        else
        {
            using var redis = RedisContextRuntime.Connect(EngineSettingsFactory.RedisTool(request.Redis!), TimeProvider.System);
            traces = await Explainer.FromStoreAsync(book, catalog, redis.Store, signals, request.Customer, request.Id, at, ct).ConfigureAwait(false);
        }

        if (traces.Count == 0)
        {
            await error.WriteLineAsync($"momentary explain: no signal of customer '{request.Customer}'{(request.Id is null ? string.Empty : $" with id '{request.Id}'")} in {request.Signal}").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }

        foreach (var trace in traces)
        {
            if (request.Json)
            {
                DecisionTraceJson.WriteLine(trace, output);
                continue;
            }

            foreach (var line in trace.Lines())
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The command's arguments.</summary>
    internal sealed record Request(string Customer, string Signal, string? Id, string? At, FileInfo Rules, FileInfo? Context, FileInfo? Venues, string? Redis, bool Json);
}
