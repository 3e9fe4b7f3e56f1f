namespace ByeByeRobots.Core.Sites;

/// <summary>Reads the hostname out of a browser's <c>Origin</c> header.</summary>
public static class OriginHost
{
    /// <summary>A DNS name is at most 253 characters; longer "hosts" only inflate what is stored.</summary>
    public const int MaximumHostLength = 253;

    /// <summary>
    /// The lower-case host of an http(s) origin, internationalized names in their ASCII (punycode)
    /// form as DNS and browsers send them, so a host is at most 253 bytes; null for a missing,
    /// opaque ("null"), malformed or overlong one, and for one that is not ASCII: a browser
    /// serializes an origin in ASCII, and CORS could not echo anything else in a header.
    /// </summary>
    public static string? Parse(string? origin)
    {
        if (string.IsNullOrEmpty(origin) || origin.Length > 2048 || !System.Text.Ascii.IsValid(origin)
            || !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        string host;
        try
        {
            host = uri.IdnHost;
        }
        catch (UriFormatException)
        {
            return null;
        }

        return host.Length is > 0 and <= MaximumHostLength && System.Text.Ascii.IsValid(host) ? host.ToLowerInvariant() : null;
    }
}
