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

    public static (int Code, string Output) Run(string program, params string[] arguments) => ProgramRun.Run(program, arguments, TimeSpan.FromMinutes(1), Repository.Root);

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> documents, string kind) =>
        documents.Where(d => d["kind"]?.GetValue<string>() == kind);

    public static string Text(this JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("missing");
}
