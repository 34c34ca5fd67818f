using Momentary.Core.Rules;
using Momentary.Host.Backtesting;
using Momentary.Host.Explaining;
using Momentary.Geo.Venues;

namespace Momentary.Host.Commands;

/// <summary><c>momentary rules ...</c> subcommands.</summary>
internal static class RulesCommands
{
    /// <summary>Validates a rules file; 0 when valid, 1 when not (every error printed), 2 when the venues file is broken.</summary>
    public static int Validate(FileInfo rulesFile, FileInfo? venuesFile, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(rulesFile);
        ArgumentNullException.ThrowIfNull(output);
        VenueCatalog catalog;
        try
        {
            catalog = VenueCatalog.Load(venuesFile?.FullName ?? Path.Combine(AppContext.BaseDirectory, "Demo", "mall.geojson"));
        }
        catch (VenueFileException ex)
        {
            output.WriteLine(ex.Message);
            return 2;
        }

        try
        {
            var book = RuleBookLoader.Load(rulesFile.FullName, catalog.Venues);
            output.WriteLine($"{rulesFile.Name}: {book.RuleIds.Count} rule(s), valid");
            return 0;
        }
        catch (RuleFileException ex)
        {
            WriteErrors(ex, output);
            return 1;
        }
    }

    /// <summary>Back-tests a rules file; 0 on success, 1 when the rules are invalid, 2 when an input file is missing or broken.</summary>
    /// <remarks><paramref name="traceFile"/>: where to write each signal's decision trace as NDJSON; <c>null</c> traces nothing.</remarks>
    public static async Task<int> BacktestAsync(FileInfo rulesFile, FileInfo signalsFile, FileInfo contextFile, FileInfo venuesFile, FileInfo? offersFile, TextWriter output, CancellationToken cancellationToken, FileInfo? traceFile = null)
    {
        ArgumentNullException.ThrowIfNull(rulesFile);
        ArgumentNullException.ThrowIfNull(signalsFile);
        ArgumentNullException.ThrowIfNull(contextFile);
        ArgumentNullException.ThrowIfNull(venuesFile);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var file in new[] { signalsFile, contextFile })
        {
            if (!file.Exists)
            {
                output.WriteLine($"{file.FullName}: no such file");
                return 2;
            }
        }

        VenueCatalog catalog;
        RuleBook book;
        try
        {
            catalog = VenueCatalog.Load(venuesFile.FullName);
            book = RuleBookLoader.Load(rulesFile.FullName, catalog.Venues);
        }
        catch (VenueFileException ex)
        {
            output.WriteLine(ex.Message);
            return 2;
        }
        catch (RuleFileException ex)
        {
            WriteErrors(ex, output);
            return 1;
        }

        BacktestReport report;
        using (var context = contextFile.OpenText())
        using (var signals = signalsFile.OpenText())
        {
            report = await Backtester.RunAsync(book, catalog, context, signals, cancellationToken, trace: traceFile is not null).ConfigureAwait(false);
        }

        if (traceFile is not null)
        {
            using var file = new StreamWriter(traceFile.FullName, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            foreach (var trace in report.Traces)
            {
                DecisionTraceJson.WriteLine(trace, file);
            }
        }

        Backtester.WriteSummary(report, output);
        if (offersFile is null)
        {
            Backtester.WriteOffers(report, output);
            return 0;
        }

        using (var file = new StreamWriter(offersFile.FullName, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            Backtester.WriteOffers(report, file);
        }

        output.WriteLine($"offers written to {offersFile.FullName}");
        return 0;
    }

    private static void WriteErrors(RuleFileException ex, TextWriter output)
    {
        foreach (var error in ex.Errors)
        {
            output.WriteLine(error.ToString());
        }

        output.WriteLine($"{ex.Errors.Count} error(s)");
    }
}
