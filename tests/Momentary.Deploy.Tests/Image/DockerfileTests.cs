using System.Text.RegularExpressions;
using System.Xml.Linq;
using Momentary.Deploy.Tests.Support;
using Momentary.Testing;

namespace Momentary.Deploy.Tests.Image;

/// <summary>deploy/Dockerfile as written: a restore layer before the sources, a non-root image that checks itself.</summary>
public sealed partial class DockerfileTests
{
    private static readonly IReadOnlyList<string> Instructions = DeployFiles.DockerfileInstructions();

    [Fact]
    public void Dockerfile_RestoreLayer_CopiesEveryProjectTheHostBuildsFromBeforeAnySource()
    {
        var firstSource = Instructions.ToList().FindIndex(i => i.StartsWith("COPY src/ ", StringComparison.Ordinal));
        var restore = Instructions.ToList().FindIndex(i => i.StartsWith("RUN dotnet restore src/Momentary.Host", StringComparison.Ordinal));
        var copied = Instructions.Take(restore).Where(i => i.StartsWith("COPY ", StringComparison.Ordinal)).SelectMany(i => i.Split(' ')[1..^1]).ToHashSet(StringComparer.Ordinal);

        Assert.True(restore > 0 && firstSource > restore, "restore runs before the sources are copied");
        Assert.All(HostProjectClosure(), p => Assert.Contains(p, copied));
        Assert.All(["Directory.Build.props", "Directory.Packages.props"], f => Assert.Contains(f, copied));
    }

    [Fact]
    public void Dockerfile_BaseImages_ComeFromBuildArgumentsThatBaseImagesEnvPins()
    {
        var froms = Instructions.Where(i => i.StartsWith("FROM ", StringComparison.Ordinal)).Select(i => i.Split(' ')[1]).ToList();
        var pinned = File.ReadAllLines(RepoFiles.Path("deploy", "base-images.env")).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).Select(l => l.Split('=')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.All(froms.Where(f => f.StartsWith('$')), f => Assert.Contains(f.Trim('$', '{', '}'), pinned));
        Assert.All(froms.Where(f => !f.StartsWith('$')), f => Assert.Contains(f, new[] { "restore" })); // stages built on stages
        Assert.Equal(pinned.Order(StringComparer.Ordinal), Instructions.Where(i => i.StartsWith("ARG ", StringComparison.Ordinal)).Select(i => i[4..].Split('=')[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dockerfile_FinalStages_RunAsTheNumericNonRootUserAndTheEngineChecksItself()
    {
        var stages = Stages();

        Assert.All(new[] { "momentary", "samples" }, s => Assert.Contains("USER $APP_UID", stages[s]));
        var engine = stages["momentary"];
        Assert.Contains(engine, i => i.StartsWith("HEALTHCHECK", StringComparison.Ordinal) && i.EndsWith("CMD [\"dotnet\", \"/app/momentary.dll\", \"health\"]", StringComparison.Ordinal));
        Assert.Contains($"EXPOSE {Ports.Engine}", engine);
        Assert.Equal("momentary", stages.Keys.Last()); // the default target
    }

    [Fact]
    public void Dockerfile_Environment_NamesOnlyOptionsTheEngineBinds()
    {
        var env = Stages()["momentary"].Where(i => i.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(i => EnvPair().Matches(i[4..]).Select(m => (m.Groups[1].Value, m.Groups[2].Value)));

        Assert.Empty(EngineEnvironment.Problems(env));
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputAndHistoryOutOfTheContext()
    {
        var ignored = File.ReadAllLines(RepoFiles.Path(".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.All(["**/bin/", "**/obj/", ".git/", "tests/"], p => Assert.Contains(p, ignored));
        Assert.DoesNotContain(ignored, p => p is "src/" or "samples/" or "Directory.Build.props" or "Directory.Packages.props");
    }

    private static Dictionary<string, List<string>> Stages()
    {
        var stages = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var instruction in Instructions)
        {
            if (instruction.StartsWith("FROM ", StringComparison.Ordinal))
            {
                stages[instruction.Split(' ')[^1]] = current = [];
            }

            current?.Add(instruction);
        }

        return stages;
    }

    // src/Momentary.Host and every project it references, as repository-relative .csproj paths.
    private static IEnumerable<string> HostProjectClosure()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([RepoFiles.Path("src", "Momentary.Host", "Momentary.Host.csproj")]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(Path.GetFullPath(project)))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                pending.Push(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value));
            }
        }

        return seen.Select(p => Path.GetRelativePath(RepoFiles.Root, p).Replace('\\', '/'));
    }

    [GeneratedRegex(@"(\S+?)=(\S+)")]
    private static partial Regex EnvPair();
}
