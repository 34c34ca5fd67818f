namespace Momentary.Chaos.Processes;

/// <summary>Why an engine died, in one line, from its log: the stream failure, the unhandled exception or the stack overflow it reported (no stack trace, no payload).</summary>
internal static class CrashReason
{
    private static readonly string[] Markers = ["The signal stream failed; stopping the host", "Unhandled exception.", "Stack overflow.", "Momentary cannot start:"];

    public static string? From(string logPath)
    {
        if (!File.Exists(logPath))
        {
            return null;
        }

        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            foreach (var marker in Markers)
            {
                var at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var text = line[(at + marker.Length)..].Trim();
                    var cut = text.IndexOf("    at ", StringComparison.Ordinal);
                    text = cut > 0 ? text[..cut] : text;
                    text = text.Length > 220 ? text[..220] + "…" : text;
                    return (marker.TrimEnd('.', ':') + ": " + text).TrimEnd(' ', ':');
                }
            }
        }

        return null;
    }
}
