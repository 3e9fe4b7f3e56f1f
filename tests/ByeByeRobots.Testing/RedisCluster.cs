using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ByeByeRobots.Testing;

/// <summary>
/// A real Redis Cluster of three masters on free loopback ports (<c>redis-server --cluster-enabled
/// yes</c>, joined by <c>redis-cli --cluster create</c>), without persistence, in a directory of its
/// own; stopped with the test. Starting one takes about a second.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly List<Process> _nodes = [];
    private readonly string _directory;

    private RedisCluster(int[] ports, string directory)
    {
        Ports = ports;
        _directory = directory;
    }

    public IReadOnlyList<int> Ports { get; }

    /// <summary>A StackExchange.Redis configuration string naming every master.</summary>
    public string Configuration => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}"));

    public static async Task<RedisCluster> StartAsync(int masters = 3)
    {
        var ports = Enumerable.Range(0, masters).Select(_ => FreePort()).Distinct().ToArray();
        var cluster = new RedisCluster(ports, Directory.CreateTempSubdirectory("bbr-cluster-").FullName);
        foreach (var port in ports)
        {
            var node = Path.Combine(cluster._directory, port.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(node);
            cluster._nodes.Add(Start("redis-server", node,
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no",
                "--protected-mode", "no", "--daemonize", "no"));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Kill();
        foreach (var port in ports)
        {
            await WaitAsync(() => Run("redis-cli", "-p", port.ToString(CultureInfo.InvariantCulture), "ping").Contains("PONG", StringComparison.Ordinal), $"node {port} to answer");
        }

        var create = Run("redis-cli", ["--cluster", "create", .. ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"]);
        if (!create.Contains("[OK] All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create failed: " + create);
        }

        await WaitAsync(() => Run("redis-cli", "-p", ports[0].ToString(CultureInfo.InvariantCulture), "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal), "the cluster to be ok");
        return cluster;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A node still closing its files: the temporary directory goes with the machine.
        }

        return ValueTask.CompletedTask;
    }

    private void Kill()
    {
        foreach (var node in _nodes)
        {
            try
            {
                if (!node.HasExited)
                {
                    node.Kill(entireProcessTree: true);
                    node.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static Process Start(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(File.Exists("/usr/bin/" + program) ? "/usr/bin/" + program : program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start: install redis-server and redis-tools, or run the README's test command.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(File.Exists("/usr/bin/" + program) ? "/usr/bin/" + program : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(30_000);
        return output.Result + error.Result;
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited 30 s for {what}.");
    }

    private static int FreePort()
    {
        // A cluster node also listens on its port + 10000 (the bus): both must be free.
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port + 10000 > 65535)
            {
                continue;
            }

            try
            {
                using var bus = new TcpListener(IPAddress.Loopback, port + 10000);
                bus.Start();
                return port;
            }
            catch (SocketException)
            {
                // The bus port is taken: another.
            }
        }
    }
}
