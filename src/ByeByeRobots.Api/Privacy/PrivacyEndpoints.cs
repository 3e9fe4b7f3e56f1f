using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ByeByeRobots.Api.Privacy;

/// <summary>
/// <c>GET /v1/privacy?lang=fr|de|lb|en|pt</c>: the page the widget's privacy notice links to, saying
/// what the check measures, what is kept, why and on what legal basis. Static text, cached; no
/// script, no cookie, under a Content Security Policy that allows nothing but itself.
/// </summary>
internal static class PrivacyEndpoints
{
    private const string Policy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // Accented letters as themselves (the page is UTF-8), markup characters escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly Dictionary<string, string> Html = PrivacyTexts.Languages.ToDictionary(l => l, Render, StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/privacy", (HttpContext context, string? lang) =>
        {
            context.Response.Headers.ContentSecurityPolicy = Policy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.CacheControl = "public, max-age=3600";
            context.Response.Headers.ContentLanguage = PrivacyTexts.Language(lang);
            return TypedResults.Text(Html[PrivacyTexts.Language(lang)], "text/html; charset=utf-8", Encoding.UTF8);
        }).ExcludeFromDescription();
        return app;
    }

    private static string Render(string language)
    {
        var page = PrivacyTexts.For(language);
        var e = Encoder;
        var html = new StringBuilder();
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="{language}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{e.Encode(page.Title)}</title>
            <style>body{"{"}font:1rem/1.5 system-ui,sans-serif;max-width:44rem;margin:0 auto;padding:1rem;color:#1b1b1b;background:#fff{"}"}a{"{"}color:#0b4f9c{"}"}nav a{"{"}margin-right:.75rem{"}"}@media (prefers-color-scheme:dark){"{"}body{"{"}color:#eee;background:#121212{"}"}a{"{"}color:#8cb8ff{"}"}{"}"}</style>
            </head>
            <body>
            <nav aria-label="Languages">
            """);
        foreach (var other in PrivacyTexts.Languages)
        {
            var current = other == language ? " aria-current=\"page\"" : $" hreflang=\"{other}\"";
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<a href=\"?lang={other}\" lang=\"{other}\"{current}>{other.ToUpperInvariant()}</a>");
        }

        html.Append("</nav>\n<main>\n");
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h1>{e.Encode(page.Title)}</h1>\n<p>{e.Encode(page.Intro)}</p>\n");
        Section(html, page.MeasuredHeading, page.Measured);
        Section(html, page.KeptHeading, page.Kept);
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h2>{e.Encode(page.WhyHeading)}</h2>\n<p>{e.Encode(page.Why)}</p>\n");
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h2>{e.Encode(page.BasisHeading)}</h2>\n<p>{e.Encode(page.Basis)}</p>\n");
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h2>{e.Encode(page.RightsHeading)}</h2>\n<p>{e.Encode(page.Rights)}</p>\n<p>{e.Encode(page.Details)}</p>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Section(StringBuilder html, string heading, string[] items)
    {
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h2>{Encoder.Encode(heading)}</h2>\n<ul>\n");
        foreach (var item in items)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<li>{Encoder.Encode(item)}</li>\n");
        }

        html.Append("</ul>\n");
    }
}
