namespace ByeByeRobots.Core.Sites;

/// <summary>Reads the hostname out of a browser's <c>Origin</c> header.</summary>
public static class OriginHost
{
    /// <summary>A DNS name is at most 253 characters; longer "hosts" only inflate what is stored.</summary>
    public const int MaximumHostLength = 253;

    /// <summary>The lower-case host of an http(s) origin, or null for a missing, opaque ("null"), malformed or overlong one.</summary>
    public static string? Parse(string? origin)
    {
        if (string.IsNullOrEmpty(origin) || origin.Length > 2048
            || !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host)
            || uri.Host.Length > MaximumHostLength)
        {
            return null;
        }

        return uri.Host.ToLowerInvariant();
    }
}
