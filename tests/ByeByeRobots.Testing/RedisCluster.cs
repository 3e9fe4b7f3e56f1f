using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ByeByeRobots.Testing;

/// <summary>
/// A real Redis Cluster of three masters (and, if asked, a replica of each) on free loopback ports
/// (<c>redis-server --cluster-enabled yes</c>, joined by <c>redis-cli --cluster create</c>), without
/// persistence, in a directory of its own; stopped with the test. Starting one takes about a second.
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

    /// <summary>A StackExchange.Redis configuration string naming every node.</summary>
    public string Configuration => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}"));

    public static async Task<RedisCluster> StartAsync(int masters = 3, int replicasPerMaster = 0)
    {
        var ports = new HashSet<int>();
        while (ports.Count < masters * (1 + replicasPerMaster))
        {
            ports.Add(FreePort());
        }

        var cluster = new RedisCluster([.. ports], Directory.CreateTempSubdirectory("bbr-cluster-").FullName);
        foreach (var port in cluster.Ports)
        {
            var node = Path.Combine(cluster._directory, port.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(node);
            cluster._nodes.Add(Start("redis-server", node,
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no",
                "--repl-diskless-sync-delay", "0", "--protected-mode", "no", "--daemonize", "no"));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Kill();
        foreach (var port in cluster.Ports)
        {
            await WaitAsync(() => Run("redis-cli", "-p", port.ToString(CultureInfo.InvariantCulture), "ping").Contains("PONG", StringComparison.Ordinal), $"node {port} to answer");
        }

        var create = Run("redis-cli", ["--cluster", "create", .. cluster.Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", replicasPerMaster.ToString(CultureInfo.InvariantCulture), "--cluster-yes"]);
        if (!create.Contains("[OK] All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create failed: " + create);
        }

        foreach (var port in cluster.Ports)
        {
            await WaitAsync(() => Cli(port, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal), $"node {port} to see the cluster ok");
        }

        if (replicasPerMaster > 0)
        {
            // Every node's role known to the view the tests read, then every replica's first sync
            // done (a replica that never finished it cannot be promoted).
            await WaitAsync(
                () => cluster.Masters().Count == masters && cluster.Nodes().Count(n => n.Master is not null) == masters * replicasPerMaster,
                "every replica to be known as one");
            var replicas = cluster.Ports.Except(cluster.Masters()).ToArray();
            await WaitAsync(() => replicas.All(r => Cli(r, "info", "replication").Contains("master_link_status:up", StringComparison.Ordinal)), "every replica to be in sync");
        }

        return cluster;
    }

    /// <summary>The ports of the masters serving slots now, read from <c>CLUSTER NODES</c> of a live node (a node whose role that view has not learned yet shows as a master without slots).</summary>
    public IReadOnlyList<int> Masters() => Nodes().Where(n => n.Master is null && !n.Failed && n.Slots.Length > 0).Select(n => n.Port).ToArray();

    /// <summary>The port of a replica of the master on <paramref name="masterPort"/>.</summary>
    public int ReplicaOf(int masterPort)
    {
        return Poll(
            () =>
            {
                var nodes = Nodes();
                var id = nodes.FirstOrDefault(n => n.Port == masterPort)?.Id;
                return nodes.FirstOrDefault(n => id is not null && n.Master == id)?.Port;
            },
            $"a replica of {masterPort}");
    }

    /// <summary>The port of the master that serves <paramref name="key"/>'s slot now.</summary>
    public int MasterOfKey(string key)
    {
        var slot = int.Parse(Cli(LivePort(), "cluster", "keyslot", key).Trim(), CultureInfo.InvariantCulture);
        return Poll(() => Nodes().FirstOrDefault(n => n.Master is null && !n.Failed && n.Slots.Any(r => r.From <= slot && slot <= r.To))?.Port, $"a master to serve slot {slot}");
    }

    /// <summary>Kills a node at once (SIGKILL): its last writes not yet sent to a replica are lost.</summary>
    public void KillNode(int port)
    {
        var node = _nodes[Ports.ToList().IndexOf(port)];
        node.Kill(entireProcessTree: true);
        node.WaitForExit(5000);
    }

    /// <summary>Freezes a node (SIGSTOP): it answers nothing and receives nothing, its connections stay open.</summary>
    public void FreezeNode(int port) => Signal(port, "STOP");

    /// <summary>Closes a master's links to its replicas (<c>CLIENT KILL TYPE replica</c>); a frozen replica cannot reconnect.</summary>
    public void DisconnectReplicas(int masterPort)
    {
        var answer = Cli(masterPort, "client", "kill", "type", "replica");
        if (!IsAlive(masterPort) || answer.Trim() == "0")
        {
            throw new InvalidOperationException($"No replica link of {masterPort} was closed: {answer}");
        }
    }

    /// <summary>Lets a frozen node go on (SIGCONT).</summary>
    public void ThawNode(int port) => Signal(port, "CONT");

    /// <summary>Waits until <paramref name="port"/> is a master and every live node says the cluster is ok (a failover done).</summary>
    public Task WaitUntilMasterAsync(int port) =>
        WaitAsync(
            () => Cli(port, "role").StartsWith("master", StringComparison.Ordinal)
                && Ports.Where(IsAlive).All(p => Cli(p, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal)),
            $"node {port} to be promoted and the cluster ok");

    private bool IsAlive(int port) => !_nodes[Ports.ToList().IndexOf(port)].HasExited;

    private int LivePort() => Ports.First(IsAlive);

    private static string Cli(int port, params string[] arguments) => Run("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), .. arguments]);

    private void Signal(int port, string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _nodes[Ports.ToList().IndexOf(port)].Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private List<Node> Nodes()
    {
        // <id> <ip:port@bus> <flags> <master id or -> <ping> <pong> <epoch> <link> <slot ranges...>
        var nodes = new List<Node>();
        foreach (var line in Cli(LivePort(), "cluster", "nodes").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ');
            var address = fields[1];
            var port = int.Parse(address[(address.LastIndexOf(':') + 1)..address.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            var slots = fields.Skip(8).Where(f => !f.StartsWith('[')).Select(f => f.Split('-')).Select(r => (From: int.Parse(r[0], CultureInfo.InvariantCulture), To: int.Parse(r[^1], CultureInfo.InvariantCulture))).ToArray();
            nodes.Add(new Node(fields[0], port, fields[3] == "-" ? null : fields[3], fields[2].Contains("fail", StringComparison.Ordinal), slots));
        }

        return nodes;
    }

    private sealed record Node(string Id, int Port, string? Master, bool Failed, (int From, int To)[] Slots);

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

    private static string Run(string program, params string[] arguments) => ProgramRun.Run(program, arguments).Output;

    /// <summary>
    /// What <paramref name="find"/> finds, asked again until it finds it (30 s): right after the
    /// cluster is made or changed, a node's view of the others' slots and replicas can lag.
    /// </summary>
    private static int Poll(Func<int?> find, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (find() is { } found)
            {
                return found;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"Waited 30 s for {what}.");
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
