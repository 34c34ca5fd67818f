using System.CommandLine;

namespace Momentary.Host.Commands;

/// <summary>
/// <c>momentary health</c>: asks a running processor's readiness endpoint and exits 0 when it answers 2xx, 1 otherwise
/// (refused, timed out, 503). Container healthchecks call it because the runtime image ships no curl or wget.
/// </summary>
internal static class HealthCommand
{
    /// <summary>The readiness endpoint of a processor in the same container (<c>Urls</c> default port).</summary>
    public static readonly Uri DefaultUrl = new("http://127.0.0.1:8080/health");

    /// <summary>How long the whole check may take by default: well under a healthcheck's usual 5 s timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The <c>health</c> subcommand.</summary>
    public static Command Create()
    {
        var url = new Option<Uri>("--url")
        {
            Description = "The readiness endpoint.",
            DefaultValueFactory = _ => DefaultUrl,
            CustomParser = r => Uri.TryCreate(r.Tokens[^1].Value, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : Fail(r),
        };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "Give up after this long (hh:mm:ss).", DefaultValueFactory = _ => DefaultTimeout };
        var command = new Command("health", "Exit 0 when a running processor reports ready on its /health endpoint, 1 otherwise; for container healthchecks.") { url, timeout };
        command.SetAction((result, ct) => CheckAsync(result.GetValue(url)!, result.GetValue(timeout), Console.Out, ct));
        return command;
    }

    private static Uri? Fail(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError($"--url must be an absolute http(s) URL, not '{result.Tokens[^1].Value}'");
        return null;
    }

    /// <summary>One GET of <paramref name="url"/> within <paramref name="timeout"/>; writes one line saying what it saw.</summary>
    /// <returns>0 when the endpoint answered 2xx, 1 when it answered otherwise, refused, or did not answer in time.</returns>
    public static async Task<int> CheckAsync(Uri url, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(output);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout, UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, bounded.Token).ConfigureAwait(false);
            var ready = response.IsSuccessStatusCode;
            await output.WriteLineAsync($"{(ready ? "ready" : "not ready")}: {url} answered {(int)response.StatusCode}").ConfigureAwait(false);
            return ready ? 0 : 1;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync($"not ready: {url} did not answer within {timeout.TotalSeconds:0.###} s").ConfigureAwait(false);
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await output.WriteLineAsync($"not ready: {url}: {ex.HttpRequestError}").ConfigureAwait(false);
            return 1;
        }
    }
}
