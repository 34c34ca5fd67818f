namespace Momentary.Testing;

/// <summary>Finds files in the repository checkout (the directory holding Momentary.sln) from the test's bin folder.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Momentary.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Momentary.sln not found above " + AppContext.BaseDirectory);
    }
}
