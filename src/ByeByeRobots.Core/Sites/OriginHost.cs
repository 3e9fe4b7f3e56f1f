namespace ByeByeRobots.Core.Sites;

/// <summary>Reads the hostname out of a browser's <c>Origin</c> header.</summary>
public static class OriginHost
{
    /// <summary>The lower-case host of an http(s) origin, or null for a missing, opaque ("null") or malformed one.</summary>
    public static string? Parse(string? origin)
    {
        if (string.IsNullOrEmpty(origin) || origin.Length > 2048
            || !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        return uri.Host.ToLowerInvariant();
    }
}
