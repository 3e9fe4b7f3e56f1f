using ByeByeRobots.Api.Hosting;
using ByeByeRobots.Widget;
using Microsoft.Net.Http.Headers;

namespace ByeByeRobots.Api.Widget;

/// <summary>
/// Serves the widget. <c>/v1/widget.js</c> is the stable URL of protocol section 7 (cached five
/// minutes, revalidated by ETag); the content-hashed names are immutable and cached a year.
/// Brotli or gzip, precompressed; CORS-readable, so pages may pin the script with SRI.
/// </summary>
internal static class WidgetEndpoints
{
    public const string StableScriptPath = "/v1/widget.js";
    public const string ManifestPath = "/v1/widget.json";
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static RouteGroupBuilder MapWidgetEndpoints(this IEndpointRouteBuilder app)
    {
        var assets = app.ServiceProvider.GetRequiredService<WidgetAssets>();
        var group = app.MapGroup("/v1").WithTags("Widget").ExcludeFromDescription();
        var publicOrigin = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublicUrlOptions>>().Value.Origin;

        // HEAD as well: uptime checks and CDNs ask it (Kestrel sends the headers and no body).
        group.MapMethods("/widget.js", GetAndHead, (HttpContext context) => Serve(context, assets.Script, immutable: false));
        foreach (var asset in assets.All)
        {
            group.MapMethods("/" + asset.FileName, GetAndHead, (HttpContext context) => Serve(context, asset, immutable: true));
        }

        group.MapMethods("/widget.json", GetAndHead, (HttpContext context) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";

            // The configured public URL, cacheable; without one, the request's Host (which
            // AllowedHosts filters), and never cached, so no cache can keep a forged one.
            var origin = publicOrigin ?? $"{context.Request.Scheme}://{context.Request.Host}";
            context.Response.Headers.CacheControl = publicOrigin is null ? "no-store" : "public, max-age=300";
            return TypedResults.Ok(new WidgetManifest(
                origin + StableScriptPath,
                origin + "/v1/" + assets.Script.FileName,
                assets.Script.Integrity,
                assets.GzippedTotal));
        });
        return group;
    }

    private static IResult Serve(HttpContext context, WidgetAsset asset, bool immutable)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "public, max-age=300";
        headers.ETag = asset.ETag;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.AccessControlAllowOrigin = "*";
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        if (accepted.Contains("br", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "br";
            return TypedResults.Bytes(asset.Brotli, asset.ContentType);
        }

        if (accepted.Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(asset.Gzip, asset.ContentType);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}

/// <summary>What a procedure page needs to pin the widget with Subresource Integrity.</summary>
internal sealed record WidgetManifest(string Script, string PinnedScript, string Integrity, int GzippedBytes);
