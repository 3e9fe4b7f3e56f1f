using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ByeByeRobots.Testing;

/// <summary>
/// The service as operations run it: its own process (<c>dotnet ByeByeRobots.Api.dll</c>, as built
/// beside this test), on a free loopback port, configured by environment variables. Killed, not
/// stopped, when disposed or when <see cref="Kill"/> is called, as a crash would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts an instance with <paramref name="settings"/> (configuration keys, <c>:</c>-separated) and waits for <c>/readyz</c>.</summary>
    /// <param name="application">The directory of a published service to run instead of the build's (a container's <c>/app</c>).</param>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string environment = "Testing", string? application = null)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var directory = application ?? Path.Combine(Repository.Root, "src", "ByeByeRobots.Api", "bin", configuration, "net10.0");
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, "ByeByeRobots.Api.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            if (value is not null)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        var service = new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => service.Kill();
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (service._process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {service._process.ExitCode}: {service.Output}");
            }

            try
            {
                using var ready = await http.GetAsync("/readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A loaded machine.
            }

            await Task.Delay(100);
        }

        service.Kill();
        throw new TimeoutException($"The service was not ready within 60 s: {service.Output}");
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public WidgetClient Widget(string origin = ServiceHost.Origin) => new(CreateClient(), origin);

    public BackendClient Backend() => new(CreateClient());

    /// <summary>Kills the process at once, as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
