namespace ByeByeRobots.Testing;

/// <summary>
/// A JSON settings file in a directory of its own, deleted with it. The service watches the
/// file's directory for changes: a file straight in /tmp would have it watch all of /tmp,
/// browser profiles and build output included.
/// </summary>
public sealed class SettingsFile : IDisposable
{
    private readonly string _directory;

    public SettingsFile(string json)
    {
        _directory = Directory.CreateTempSubdirectory("bbr-settings-").FullName;
        Path = System.IO.Path.Combine(_directory, "appsettings.json");
        File.WriteAllText(Path, json);
    }

    public string Path { get; }

    public Task WriteAsync(string json) => File.WriteAllTextAsync(Path, json);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary directory left behind harms nothing.
        }
    }
}
