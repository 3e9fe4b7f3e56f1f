using Microsoft.Extensions.Options;

namespace ByeByeRobots.Api.Hosting;

/// <summary>Bound from <c>ByeByeRobots:PublicUrl</c>: where browsers reach the service.</summary>
internal sealed class PublicUrlOptions
{
    public const string SectionName = "ByeByeRobots";

    /// <summary>
    /// The service's public origin, e.g. <c>https://robots.guichet.lu</c>, written into
    /// <c>/v1/widget.json</c>'s script URLs. Unset, they are built from the request's (filtered,
    /// see <c>AllowedHosts</c>) Host and the answer is not cached.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>The origin without a trailing slash, or null when unset.</summary>
    public string? Origin => string.IsNullOrWhiteSpace(PublicUrl) ? null : PublicUrl.TrimEnd('/');

    internal sealed class Validator : IValidateOptions<PublicUrlOptions>
    {
        public ValidateOptionsResult Validate(string? name, PublicUrlOptions options) =>
            options.Origin is not { } origin
            || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{SectionName}:PublicUrl ('{options.PublicUrl}') must be an http(s) origin such as https://robots.guichet.lu, without a path.");
    }
}
