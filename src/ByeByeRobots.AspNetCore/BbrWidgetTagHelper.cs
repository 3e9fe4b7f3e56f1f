using System.Text.Encodings.Web;
using ByeByeRobots.Client;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.AspNetCore;

/// <summary>
/// <c>&lt;bbr-widget site-key="…" action="login" /&gt;</c> inside a form renders the embed of
/// protocol section 7: the widget's script (once per page) and its container. Site key and
/// service address default to <c>ByeByeRobots:SiteKey</c> and <c>ByeByeRobots:PublicServiceUrl</c>
/// (else <c>ServiceUrl</c>). Add <c>@addTagHelper *, ByeByeRobots.AspNetCore</c> to <c>_ViewImports.cshtml</c>.
/// </summary>
[HtmlTargetElement("bbr-widget", TagStructure = TagStructure.WithoutEndTag)]
public sealed class BbrWidgetTagHelper(IOptionsMonitor<ByeByeRobotsClientOptions> options) : TagHelper
{
    private static readonly object ScriptRendered = new();

    /// <summary>The site's public key (default: <c>ByeByeRobots:SiteKey</c>).</summary>
    [HtmlAttributeName("site-key")]
    public string? SiteKey { get; set; }

    /// <summary>The action the token is for (e.g. <c>login</c>); checked by <c>[RequireHuman("login")]</c>.</summary>
    [HtmlAttributeName("action")]
    public string? Action { get; set; }

    /// <summary><c>fr</c>, <c>de</c>, <c>lb</c>, <c>en</c> or <c>pt</c>; default: the page's <c>lang</c>.</summary>
    [HtmlAttributeName("language")]
    public string? Language { get; set; }

    /// <summary><c>light</c>, <c>dark</c> or <c>auto</c>.</summary>
    [HtmlAttributeName("theme")]
    public string? Theme { get; set; }

    /// <summary>A global function called with the token.</summary>
    [HtmlAttributeName("callback")]
    public string? Callback { get; set; }

    /// <summary>Extra form fields to fill with the token (e.g. <c>g-recaptcha-response</c>), comma-separated.</summary>
    [HtmlAttributeName("response-field")]
    public string? ResponseField { get; set; }

    /// <summary>Set by Razor.</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var current = options.CurrentValue;
        var siteKey = SiteKey ?? current.SiteKey
            ?? throw new InvalidOperationException("<bbr-widget> needs a site-key attribute or ByeByeRobots:SiteKey in configuration.");
        var service = (current.PublicServiceUrl ?? current.ServiceUrl
            ?? throw new InvalidOperationException("<bbr-widget> needs ByeByeRobots:PublicServiceUrl or ByeByeRobots:ServiceUrl in configuration.")).ToString().TrimEnd('/');

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "bbr-widget");
        output.Attributes.SetAttribute("data-sitekey", siteKey);
        SetIfAny(output, "data-action", Action);
        SetIfAny(output, "data-language", Language);
        SetIfAny(output, "data-theme", Theme);
        SetIfAny(output, "data-callback", Callback);
        SetIfAny(output, "data-response-field", ResponseField);

        var items = ViewContext.HttpContext.Items;
        if (!items.ContainsKey(ScriptRendered))
        {
            items[ScriptRendered] = true;
            output.PreElement.AppendHtml($"<script src=\"{HtmlEncoder.Default.Encode(service)}/v1/widget.js\" async defer></script>");
        }
    }

    private static void SetIfAny(TagHelperOutput output, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            output.Attributes.SetAttribute(name, value);
        }
    }
}
