namespace ByeByeRobots.Core.Sites;

/// <summary>
/// A hostname a site key may be used from: an exact name (<c>guichet.example.lu</c>) or a
/// wildcard (<c>*.example.lu</c>) that matches every subdomain at any depth but not the
/// parent itself.
/// </summary>
public sealed class HostnamePattern
{
    private static readonly System.Globalization.IdnMapping Idn = new();
    private readonly string _exact;
    private readonly string? _suffix;

    private HostnamePattern(string exact, string? suffix)
    {
        _exact = exact;
        _suffix = suffix;
    }

    /// <summary>Every hostname: the test site keys' only (never made from configuration).</summary>
    public static HostnamePattern Any { get; } = new("*", "");

    public override string ToString() => _suffix is null ? _exact : "*" + _suffix;

    public static bool TryParse(string? text, out HostnamePattern pattern)
    {
        pattern = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // Internationalized names are kept in their ASCII form, the one browsers send in Origin.
        var value = ToAscii(text.Trim()).ToLowerInvariant();
        if (value.StartsWith("*.", StringComparison.Ordinal))
        {
            var parent = value[2..];
            if (!IsHostname(parent))
            {
                return false;
            }

            pattern = new HostnamePattern(parent, "." + parent);
            return true;
        }

        if (!IsHostname(value))
        {
            return false;
        }

        pattern = new HostnamePattern(value, null);
        return true;
    }

    public bool Matches(string host) =>
        ReferenceEquals(this, Any) ? host.Length > 0 : _suffix is null
            ? string.Equals(host, _exact, StringComparison.OrdinalIgnoreCase)
            : host.Length > _suffix.Length && host.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase);

    private static string ToAscii(string value)
    {
        if (System.Text.Ascii.IsValid(value))
        {
            return value;
        }

        try
        {
            return value.StartsWith("*.", StringComparison.Ordinal) ? "*." + Idn.GetAscii(value[2..]) : Idn.GetAscii(value);
        }
        catch (ArgumentException)
        {
            return value;
        }
    }

    private static bool IsHostname(string value) =>
        value.Length is > 0 and <= 253 && System.Text.Ascii.IsValid(value) && Uri.CheckHostName(value) is UriHostNameType.Dns or UriHostNameType.IPv4;
}
