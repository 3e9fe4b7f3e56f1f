using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Samples.Tests;

/// <summary>Runs the samples' non-.NET parts for real: PHP's built-in server, bash with curl, java.</summary>
public static class ExternalProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, string workingDirectory, IDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not end within 60 s");
        }

        return (process.ExitCode, await output + await error);
    }
}

/// <summary><c>php -S</c> serving a copy of a sample directory; stopped when disposed.</summary>
public sealed class PhpServer : IAsyncDisposable
{
    private readonly Process _process;

    private PhpServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PhpServer> StartAsync(string root, IDictionary<string, string> environment)
    {
        var port = LoopbackPort.Free();
        var info = new ProcessStartInfo("php", $"-S 127.0.0.1:{port} -t \"{root}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new PhpServer(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill();
        throw new InvalidOperationException("php -S did not start");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
