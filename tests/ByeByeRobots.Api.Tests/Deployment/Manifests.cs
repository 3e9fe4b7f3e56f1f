using System.Diagnostics;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.Deployment;

/// <summary>The deployment artefacts of <c>deploy/</c>, read as their tools read them.</summary>
internal static class Manifests
{
    public static string Deploy { get; } = Path.Combine(Repository.Root, "deploy");

    /// <summary>
    /// Every YAML document of a file, as JSON, read by PyYAML (Debian's python3-yaml, which the
    /// test command installs): a YAML parser, not a pattern over the text.
    /// </summary>
    public static JsonArray ReadYaml(string path)
    {
        var (code, output) = Run("/usr/bin/python3", "-c", "import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1], encoding='utf-8')))))", path);
        code.Should().Be(0, $"{path} is YAML: {output}");
        return JsonNode.Parse(output)!.AsArray();
    }

    public static (int Code, string Output) Run(string program, params string[] arguments) => RunIn(null, TimeSpan.FromMinutes(1), program, arguments);

    public static (int Code, string Output) RunIn(string? directory, TimeSpan timeout, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}: {output.Result}{error.Result}");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> documents, string kind) =>
        documents.Where(d => d["kind"]?.GetValue<string>() == kind);

    public static string Text(this JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("missing");
}
