using Momentary.Core.Rules;
using Momentary.Geo.Venues;

namespace Momentary.Host.Commands;

/// <summary><c>momentary rules ...</c> subcommands.</summary>
public static class RulesCommands
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
            foreach (var error in ex.Errors)
            {
                output.WriteLine(error.ToString());
            }

            output.WriteLine($"{ex.Errors.Count} error(s)");
            return 1;
        }
    }
}
