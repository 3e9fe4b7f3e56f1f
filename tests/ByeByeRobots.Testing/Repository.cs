namespace ByeByeRobots.Testing;

/// <summary>The repository this code was built from, found by its solution file.</summary>
public static class Repository
{
    /// <summary>The directory of <c>ByeByeRobots.sln</c>, above the running program or the current directory.</summary>
    public static string Root { get; } = Find(AppContext.BaseDirectory) ?? Find(Directory.GetCurrentDirectory())
        ?? throw new InvalidOperationException("ByeByeRobots.sln not found above the program or the current directory.");

    /// <summary>
    /// Tells WebApplicationFactory where the service's content root is (it looks beside the
    /// solution of the test project otherwise, which a benchmark run from elsewhere does not have).
    /// </summary>
    public static void UseServiceContentRoot()
        => Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_BYEBYEROBOTS_API", Path.Combine(Root, "src", "ByeByeRobots.Api"));

    private static string? Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ByeByeRobots.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
