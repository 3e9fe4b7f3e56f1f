using System.Diagnostics;

namespace ByeByeRobots.Testing;

/// <summary>Runs a program to its end (redis-cli, kubectl, python3, dotnet publish…) and keeps what it printed.</summary>
public static class ProgramRun
{
    /// <summary>
    /// The exit code and standard output then error; -1 when it ran past <paramref name="timeout"/>
    /// (it is killed). A bare name is looked up in <c>/usr/bin</c> first (Debian's packages), then on the PATH.
    /// </summary>
    public static (int Code, string Output) Run(string program, IEnumerable<string> arguments, TimeSpan? timeout = null, string? directory = null)
    {
        var executable = !program.Contains('/', StringComparison.Ordinal) && File.Exists("/usr/bin/" + program) ? "/usr/bin/" + program : program;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{program} ran past {limit}: {output.Result}{error.Result}");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
