using System.Diagnostics;

namespace Momentary.Chaos.Processes;

/// <summary>
/// The <c>momentary</c> executable the suite drives as separate OS processes: a path given with
/// <c>--momentary</c> (the executable, its .dll, or a directory holding either), or the engine published once
/// from this repository with <c>dotnet publish src/Momentary.Host -c Release</c>.
/// </summary>
internal sealed record MomentaryBinary(string Command)
{
    /// <summary>Resolves <paramref name="path"/>; null publishes into <paramref name="publishDir"/>.</summary>
    public static async Task<MomentaryBinary> ResolveAsync(string? path, string publishDir, TextWriter log, CancellationToken ct)
    {
        if (path is not null)
        {
            return FromPath(path) ?? throw new FileNotFoundException($"no momentary executable or momentary.dll at {path}");
        }

        var repo = FindRepositoryRoot() ?? throw new InvalidOperationException("cannot find Momentary.sln above the working directory or the runner; pass --momentary PATH");
        log.WriteLine($"publishing the engine: dotnet publish src/Momentary.Host -c Release -o {publishDir}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "publish", "src/Momentary.Host", "-c", "Release", "-o", publishDir, "-nologo", "-v", "q" })
        {
            info.ArgumentList.Add(a);
        }

        using var publish = Process.Start(info) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = publish.StandardOutput.ReadToEndAsync(ct);
        var stderr = publish.StandardError.ReadToEndAsync(ct);
        await publish.WaitForExitAsync(ct);
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return FromPath(publishDir) ?? throw new FileNotFoundException($"dotnet publish wrote no momentary executable to {publishDir}");
    }

    /// <summary>The executable at or in <paramref name="path"/>, preferring the native launcher over the .dll.</summary>
    public static MomentaryBinary? FromPath(string path)
    {
        if (File.Exists(path))
        {
            return new MomentaryBinary(Path.GetFullPath(path));
        }

        foreach (var name in new[] { "momentary", "momentary.dll" })
        {
            var candidate = Path.Combine(path, name);
            if (File.Exists(candidate))
            {
                return new MomentaryBinary(Path.GetFullPath(candidate));
            }
        }

        return null;
    }

    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Momentary.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
