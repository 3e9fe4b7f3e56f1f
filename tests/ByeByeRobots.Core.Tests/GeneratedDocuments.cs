namespace ByeByeRobots.Core.Tests;

/// <summary>The repository's files, and the documents generated from registries in code.</summary>
internal static class GeneratedDocuments
{
    /// <summary>The directory of <c>ByeByeRobots.sln</c>, above the test's binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// Asserts that the committed file <paramref name="relativePath"/> is <paramref name="generated"/>;
    /// with <c>BBR_WRITE_DOCS=1</c> writes it first.
    /// </summary>
    public static void ShouldBeCommitted(string relativePath, string generated, string source)
    {
        var path = Path.Combine(Root, relativePath);
        if (Environment.GetEnvironmentVariable("BBR_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).ReplaceLineEndings("\n").Should().Be(generated, $"{relativePath} is written from {source} (BBR_WRITE_DOCS=1 rewrites it)");
    }

    private static string FindRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ByeByeRobots.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("ByeByeRobots.sln not found above the tests.");
        }

        return root;
    }
}
