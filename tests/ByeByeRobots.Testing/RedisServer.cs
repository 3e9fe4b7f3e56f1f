using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ByeByeRobots.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, without persistence, stopped with the
/// test process. Tests share <see cref="Shared"/> and keep apart by key prefix; a test that
/// stops Redis starts its own.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly Lazy<Task<RedisServer>> SharedServer = new(() => StartAsync());
    private Process? _process;

    private readonly string? _directory;

    private RedisServer(int port, string? directory = null)
    {
        Port = port;
        _directory = directory;
    }

    private IReadOnlyList<string> _arguments = [];

    public static Task<RedisServer> Shared => SharedServer.Value;

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <param name="directory">Where a snapshot (<c>SAVE</c>) is written and read back at a restart; none by default.</param>
    /// <param name="arguments">More of <c>redis-server</c>'s options (a deployment's own), after the test defaults, which they override.</param>
    public static async Task<RedisServer> StartAsync(string? directory = null, IReadOnlyList<string>? arguments = null)
    {
        var server = new RedisServer(LoopbackPort.Free(), directory) { _arguments = arguments ?? [] };
        await server.RestartAsync();
        return server;
    }

    /// <summary>A server on a free port that is not started yet: a service can be pointed at it first.</summary>
    public static RedisServer NotStarted() => new(LoopbackPort.Free());

    /// <summary>Freezes the server (SIGSTOP): connections stay open and nothing answers.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>Lets a frozen server go on (SIGCONT).</summary>
    public void Thaw() => Signal("CONT");

    /// <summary>Starts (again) on the same port, and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        var executable = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        if (_directory is not null)
        {
            start.ArgumentList.Add("--dir");
            start.ArgumentList.Add(_directory);
        }

        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start: install it (apt-get install redis-server) or run the README's test command.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await PingAsync())
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} on port {Port}.");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer on port {Port} within 20 s.");
    }

    /// <summary>Stops the server at once, as a crash would.</summary>
    public async Task StopAsync()
    {
        Kill();
        if (_process is not null)
        {
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
