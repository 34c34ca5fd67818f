using System.Text;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// The broken files the broken-config scenario writes while the engine runs: syntax and schema errors, empty and
/// binary files, a file deleted and recreated, files written in several partial writes (each part long enough
/// for the engine's 200 ms debounce to read it), and inputs that make the parsers throw something other than
/// their syntax exception: YamlDotNet's <see cref="ArgumentOutOfRangeException"/> for a \U escape beyond Unicode,
/// its unbounded recursion on deep nesting, and a venues feature that is not a JSON object.
/// </summary>
internal static class ConfigEdits
{
    /// <summary>Longer than the watchers' 200 ms debounce plus a read: each partial state is seen by the engine.</summary>
    private static readonly TimeSpan PartPause = TimeSpan.FromMilliseconds(600);

    public static IReadOnlyList<ConfigEdit> All { get; } =
    [
        new("rules: invalid YAML", ConfigFile.Rules, Write("version: 1\nrules:\n  - id: [unclosed\n    trigger: {\n")),
        new("rules: schema errors", ConfigFile.Rules, Write("version: 1\nrules:\n  - id: broken\n    trigger: { enter: { category: nowhere } }\n    offer: { message: hi, percent: 500, validFor: forever }\n    caps: { perCustomer: -1 }\n")),
        new("rules: empty file", ConfigFile.Rules, Write(string.Empty)),
        new("rules: binary garbage", ConfigFile.Rules, WriteBytes(Garbage(4096))),
        new("rules: written in 3 partial writes", ConfigFile.Rules, InParts("trigger: { enter: { cat", 3)),
        new("rules: deleted, then recreated", ConfigFile.Rules, DeleteAndRecreate),
        new("venues: truncated JSON", ConfigFile.Venues, (path, original, ct) => File.WriteAllTextAsync(path, original[..(original.Length / 2)], ct)),
        new("venues: written in 2 partial writes", ConfigFile.Venues, InParts("\"coordinates\":[[[", 2)),
        new("venues: empty file", ConfigFile.Venues, Write(string.Empty)),
        new("rules: \\U escape beyond Unicode (YamlDotNet throws ArgumentOutOfRangeException)", ConfigFile.Rules, Write("version: 1\nrules: \"\\UFFFFFFFF\"\n")),
        new("venues: a feature that is not an object (InvalidOperationException)", ConfigFile.Venues, Write("{\"type\":\"FeatureCollection\",\"features\":[42]}")),
        new("rules: 100,000 nested flow sequences (YamlDotNet recursion)", ConfigFile.Rules, Write("version: 1\nrules: " + new string('[', 100_000) + new string(']', 100_000) + "\n")),
    ];

    private static Func<string, string, CancellationToken, Task> Write(string text) => (path, _, ct) => File.WriteAllTextAsync(path, text, ct);

    private static Func<string, string, CancellationToken, Task> WriteBytes(byte[] bytes) => (path, _, ct) => File.WriteAllBytesAsync(path, bytes, ct);

    /// <summary>The original content in <paramref name="parts"/> writes to the same open file, each cut just after an occurrence of <paramref name="cutAfter"/> (mid-line, so every prefix is invalid).</summary>
    private static Func<string, string, CancellationToken, Task> InParts(string cutAfter, int parts) => async (path, original, ct) =>
    {
        var cuts = new List<int>();
        for (var i = 1; i < parts; i++)
        {
            var near = original.Length * i / parts;
            var at = original.IndexOf(cutAfter, near, StringComparison.Ordinal);
            cuts.Add(at < 0 ? near : at + cutAfter.Length);
        }

        cuts.Add(original.Length);
        var bytes = Encoding.UTF8.GetBytes(original);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        var from = 0;
        foreach (var cut in cuts)
        {
            var to = Encoding.UTF8.GetByteCount(original.AsSpan(0, cut));
            await file.WriteAsync(bytes.AsMemory(from, to - from), ct);
            await file.FlushAsync(ct);
            from = to;
            if (to < bytes.Length)
            {
                await Task.Delay(PartPause, ct);
            }
        }
    };

    private static async Task DeleteAndRecreate(string path, string original, CancellationToken ct)
    {
        File.Delete(path);
        await Task.Delay(PartPause, ct);
        await File.WriteAllTextAsync(path, original, ct);
    }

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(17).NextBytes(bytes);
        return bytes;
    }
}
