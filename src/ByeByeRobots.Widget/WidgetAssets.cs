using System.Reflection;
using System.Text;

namespace ByeByeRobots.Widget;

/// <summary>
/// The widget's files, built once from the embedded modules: the main script (every module in
/// name order inside one closure), the Web Worker (the proof-of-work modules and its message
/// loop) and the stylesheet. The script learns the worker's and stylesheet's hashed names when
/// it is built, so one script URL pins all three.
/// </summary>
public sealed class WidgetAssets
{
    private const string WorkerModule = "worker.js";

    public WidgetAssets()
    {
        var modules = ReadModules();
        Styles = new WidgetAsset("widget", "css", "text/css; charset=utf-8", Shrink(Read("widget.css")));
        Worker = new WidgetAsset(
            "widget-worker",
            "js",
            "text/javascript; charset=utf-8",
            Closure(modules.Where(m => m.Name.EndsWith("-sha256.js", StringComparison.Ordinal) || m.Name.EndsWith("-pbkdf2.js", StringComparison.Ordinal) || m.Name == WorkerModule)));
        var script = Closure(modules.Where(m => m.Name != WorkerModule))
            .Replace("__BBR_WORKER_HASH__", Worker.Hash, StringComparison.Ordinal)
            .Replace("__BBR_STYLES_HASH__", Styles.Hash, StringComparison.Ordinal);
        Script = new WidgetAsset("widget", "js", "text/javascript; charset=utf-8", script);
    }

    /// <summary>The script pages embed (<c>/v1/widget.js</c> and its hashed name).</summary>
    public WidgetAsset Script { get; }

    public WidgetAsset Worker { get; }

    public WidgetAsset Styles { get; }

    public IEnumerable<WidgetAsset> All => [Script, Worker, Styles];

    /// <summary>Gzipped bytes a page downloads in all: script, worker and stylesheet.</summary>
    public int GzippedTotal => All.Sum(a => a.Gzip.Length);

    private static string Closure(IEnumerable<(string Name, string Text)> modules)
    {
        var builder = new StringBuilder("/*! ByeByeRobots widget, protocol v1 */\n(function(){'use strict';\n");
        foreach (var (_, text) in modules)
        {
            builder.Append(Shrink(text));
        }

        return builder.Append("})();\n").ToString();
    }

    /// <summary>
    /// Drops whole-line comments and indentation: safe for these modules, which keep comments
    /// on lines of their own and have no multi-line strings. Gzip does the rest.
    /// </summary>
    internal static string Shrink(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal) || (trimmed.StartsWith("/*", StringComparison.Ordinal) && trimmed.EndsWith("*/", StringComparison.Ordinal)))
            {
                continue;
            }

            builder.Append(trimmed).Append('\n');
        }

        return builder.ToString();
    }

    private static List<(string Name, string Text)> ReadModules()
    {
        const string prefix = "Scripts/";
        return typeof(WidgetAssets).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..], Read(n)))
            .ToList();
    }

    private static string Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The widget resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
