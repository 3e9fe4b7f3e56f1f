using System.Reflection;
using System.Text;

namespace ByeByeRobots.Widget;

/// <summary>
/// The widget's files, as esbuild built them into <c>dist/</c> from <c>Scripts/</c> and
/// <c>widget.css</c> (<c>build.mjs</c>; a test fails when <c>dist/</c> is not what the sources
/// give): the main script, the Web Worker (the proof-of-work modules and its message loop) and
/// the stylesheet. The script learns the worker's and stylesheet's hashed names here, so one
/// script URL pins all three.
/// </summary>
public sealed class WidgetAssets
{
    public WidgetAssets()
    {
        Styles = new WidgetAsset("widget", "css", "text/css; charset=utf-8", Read("dist/widget.css"));
        Worker = new WidgetAsset("widget-worker", "js", "text/javascript; charset=utf-8", Read("dist/widget-worker.js"));
        var script = Read("dist/widget.js")
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

    private static string Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The widget resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
