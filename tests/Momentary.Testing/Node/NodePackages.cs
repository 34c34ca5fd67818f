using System.Diagnostics;

namespace Momentary.Testing.Node;

/// <summary>
/// Node.js for the checks that use an npm package (contracts/validate, deploy/kubernetes/validate): found on PATH, its packages installed from
/// the folder's package-lock.json once (again only when the lock changes), scripts run as child processes.
/// </summary>
public static class NodePackages
{
    private const string InstalledLock = ".momentary-installed-lock.json";
    private static readonly Lock InstallGate = new();

    /// <summary>Why the Node checks cannot run here, or null when <c>node</c> and <c>npm</c> are on PATH.</summary>
    public static string? Missing { get; } =
        OnPath("node") && OnPath("npm") ? null : "needs node and npm on PATH (tests/run.sh installs them: apt-get install nodejs npm)";

    /// <summary>Installs the exact packages of <paramref name="folder"/>'s package-lock.json with <c>npm ci</c> unless they already are.</summary>
    public static void EnsureInstalled(string folder)
    {
        lock (InstallGate)
        {
            var lockFile = Path.Combine(folder, "package-lock.json");
            var installed = Path.Combine(folder, "node_modules", InstalledLock);
            if (File.Exists(installed) && File.ReadAllBytes(installed).AsSpan().SequenceEqual(File.ReadAllBytes(lockFile)))
            {
                return;
            }

            // --prefer-offline: a warm npm cache installs without asking the registry.
            var (exit, output) = Run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], folder, TimeSpan.FromMinutes(5));
            if (exit != 0)
            {
                throw new InvalidOperationException($"npm ci in {Path.GetRelativePath(RepoFiles.Root, folder)} exited {exit}:\n{output}");
            }

            File.Copy(lockFile, installed, overwrite: true);
        }
    }

    /// <summary>
    /// Runs the folder's check script, <c>validate.mjs</c>, with <paramref name="arguments"/> (none: what it checks by
    /// default), its packages installed first; returns its exit code and output.
    /// </summary>
    public static (int Exit, string Output) Check(string folder, params string[] arguments)
    {
        EnsureInstalled(folder);
        return Run("node", ["validate.mjs", .. arguments], folder, TimeSpan.FromMinutes(2));
    }

    /// <summary>As <see cref="Check"/> on a temporary file holding <paramref name="text"/>, for proving what the check rejects.</summary>
    public static (int Exit, string Output) CheckText(string folder, string text, string extension = ".yaml")
    {
        var file = Path.Combine(Path.GetTempPath(), $"momentary-check-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(file, text);
        try
        {
            return Check(folder, file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs <paramref name="program"/> in <paramref name="folder"/>; returns its exit code and everything it printed (stdout, then stderr).</summary>
    public static (int Exit, string Output) Run(string program, IEnumerable<string> arguments, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
