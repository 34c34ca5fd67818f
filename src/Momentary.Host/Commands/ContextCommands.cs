using System.Diagnostics;
using Momentary.Core.Context;
using Momentary.Core.Import;

namespace Momentary.Host.Commands;

/// <summary><c>momentary erase</c> and <c>momentary context load</c>.</summary>
internal static class ContextCommands
{
    /// <summary>Where commands find Redis when <c>--redis</c> is not given.</summary>
    public static string DefaultRedis => Environment.GetEnvironmentVariable("Momentary__Redis__Configuration") is { Length: > 0 } c ? c : "localhost:6379";

    /// <summary>
    /// Removes every key of a customer, and them from their friends' friend lists; prints how many. The erasure is
    /// announced to running engines, which drop the customer from their caches and buffered writes; a state write an
    /// engine already had on the wire can still land after the first pass, so a second pass follows after
    /// <paramref name="settle"/> (default 2 s; erasure is idempotent).
    /// </summary>
    public static async Task<int> EraseAsync(ICustomerContextStore store, string customerId, TextWriter output, TextWriter error, CancellationToken ct, TimeSpan? settle = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var removed = await store.EraseCustomerAsync(customerId, ct).ConfigureAwait(false);
            await Task.Delay(settle ?? TimeSpan.FromSeconds(2), TimeProvider.System, ct).ConfigureAwait(false);
            removed += await store.EraseCustomerAsync(customerId, ct).ConfigureAwait(false);
            output.WriteLine($"erased customer: {removed} key(s) or entries removed");
            return ExitCodes.Success;
        }
        catch (Exception ex) when (Redis.Resilience.RetryingContextStore.IsTransient(ex))
        {
            return Unreachable(error, "erase", ex);
        }
    }

    // Redis did not answer within the command's patience: one line on stderr, exit 1.
    private static int Unreachable(TextWriter error, string command, Exception ex)
    {
        error.WriteLine($"momentary {command}: Redis did not answer within {Engine.EngineSettingsFactory.ToolPatience.TotalSeconds:0} s (--redis, or Momentary__Redis__Configuration): {ex.GetType().Name}");
        return ExitCodes.Failure;
    }

    /// <summary>Imports an NDJSON context file with progress; 0 when every line loaded, 1 when some were skipped.</summary>
    public static async Task<int> LoadAsync(ICustomerContextStore store, FileInfo file, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!file.Exists)
        {
            error.WriteLine($"momentary context load: {file.FullName}: no such file");
            return ExitCodes.InvalidConfiguration;
        }

        var watch = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var progress = new Progress<ImportProgress>(p =>
        {
            if (watch.Elapsed - lastReport > TimeSpan.FromSeconds(1))
            {
                lastReport = watch.Elapsed;
                output.WriteLine($"  {p.Lines:N0} lines, {p.Imported:N0} imported, {p.Skipped:N0} skipped ({p.Imported / Math.Max(watch.Elapsed.TotalSeconds, 0.001):N0}/s)");
            }
        });
        using var reader = file.OpenText();
        ImportSummary summary;
        try
        {
            summary = await new ContextImporter(store).ImportAsync(reader, progress, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (Redis.Resilience.RetryingContextStore.IsTransient(ex))
        {
            return Unreachable(error, "context load", ex);
        }

        foreach (var skipped in summary.Errors.Take(50))
        {
            error.WriteLine($"{file.Name}:{skipped}");
        }

        if (summary.Errors.Count > 50)
        {
            error.WriteLine($"... and {summary.Errors.Count - 50} more skipped line(s)");
        }

        output.WriteLine($"{summary} in {watch.Elapsed.TotalSeconds:N1} s");
        return summary.Errors.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
