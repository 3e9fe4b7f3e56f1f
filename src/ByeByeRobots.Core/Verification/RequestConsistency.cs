using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Core.Verification;

/// <summary>The verify request's own headers, as the browser sent them with the widget's CORS <c>fetch</c>.</summary>
/// <param name="Secure">The request went to a potentially trustworthy URL (HTTPS, or loopback): only then do browsers send fetch metadata and client hints.</param>
public sealed record RequestHeaders(
    string? UserAgent,
    string? AcceptLanguage,
    string? FetchMode,
    string? FetchDestination,
    string? ClientHintBrands,
    string? ClientHintMobile,
    bool Secure);

/// <summary>
/// What the page's <c>env</c> says against the request that carried it (protocol section 3: "an
/// environment that contradicts ... the request's own headers"). A browser's <c>fetch</c> sends the
/// page's own user agent and first language, and (to a secure URL) its fetch metadata, and a
/// Chromium its client hints; a client without a browser forgets one of them, and a page whose
/// navigator was patched contradicts the headers the browser itself writes.
/// </summary>
public static class RequestConsistency
{
    /// <summary>The automation reasons this request earns: none, <c>automation-request-mismatch</c> or <c>automation-headless</c>.</summary>
    public static ReasonSet Check(BrowserEnvironment env, RequestHeaders request)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(request);
        var reasons = default(ReasonSet);
        if (request.ClientHintBrands is { } brands && brands.Contains("HeadlessChrome", StringComparison.Ordinal))
        {
            reasons = reasons.With(ReasonCode.AutomationHeadless);
        }

        return Contradicts(env, request) ? reasons.With(ReasonCode.AutomationRequestMismatch) : reasons;
    }

    private static bool Contradicts(BrowserEnvironment env, RequestHeaders request)
    {
        // The widget sends at most 1,024 characters of navigator.userAgent; the browser sends all of it.
        var header = request.UserAgent ?? "";
        var ua = env.UserAgent;
        if (ua.Length == 0 || header.Length == 0 || !(ua.Length < 1024 ? header == ua : header.StartsWith(ua, StringComparison.Ordinal)))
        {
            return true;
        }

        if (env.Languages.Count > 0 && !FirstLanguageMatches(request.AcceptLanguage, env.Languages[0]))
        {
            return true;
        }

        if (!request.Secure)
        {
            return false;
        }

        var browser = BrowserFamily.Of(ua);
        if (browser.SendsFetchMetadata && !(request.FetchMode == "cors" && request.FetchDestination == "empty"))
        {
            return true;
        }

        if (browser.Kind == BrowserKind.Chromium && browser.Major >= 90)
        {
            // Chromium sends its brands, mobility and platform with every secure request, by default.
            if (request.ClientHintBrands is not { } brands || request.ClientHintMobile is not { } mobile)
            {
                return true;
            }

            if (!brands.Contains($"v=\"{browser.Major}\"", StringComparison.Ordinal))
            {
                return true;
            }

            // Not compared: the platform hint, which Android's "desktop site" keeps while its user agent says Linux.
            if (mobile == "?1" != ua.Contains("Mobile", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first tag of Accept-Language is the page's first language (browsers build the header from that list).</summary>
    private static bool FirstLanguageMatches(string? acceptLanguage, string language)
    {
        if (string.IsNullOrEmpty(acceptLanguage))
        {
            return false;
        }

        var first = acceptLanguage.AsSpan();
        var end = first.IndexOfAny(',', ';');
        first = (end < 0 ? first : first[..end]).Trim();
        return first.Equals(language.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase);
    }
}

public enum BrowserKind
{
    Other,
    Chromium,
    Firefox,
    Safari,
}

/// <summary>The browser a user agent names, as far as the request checks need it.</summary>
public readonly record struct BrowserFamily(BrowserKind Kind, int Major)
{
    /// <summary>Sec-Fetch-Mode and Sec-Fetch-Dest on every request: Chromium since 80, Firefox since 90, Safari since 16.4.</summary>
    public bool SendsFetchMetadata => Kind switch
    {
        BrowserKind.Chromium => Major >= 80,
        BrowserKind.Firefox => Major >= 90,
        BrowserKind.Safari => Major >= 17,
        _ => false,
    };

    public static BrowserFamily Of(string ua)
    {
        ArgumentNullException.ThrowIfNull(ua);

        // iOS browsers are WebKit whatever they are called; their versions follow Safari's.
        if (ua.Contains("CriOS/", StringComparison.Ordinal) || ua.Contains("FxiOS/", StringComparison.Ordinal) || ua.Contains("EdgiOS/", StringComparison.Ordinal))
        {
            return new(BrowserKind.Other, 0);
        }

        if (Version(ua, "Firefox/") is { } firefox)
        {
            return new(BrowserKind.Firefox, firefox);
        }

        if (Version(ua, "Chrome/") is { } chrome)
        {
            return new(BrowserKind.Chromium, chrome);
        }

        if (ua.Contains("Safari/", StringComparison.Ordinal) && Version(ua, "Version/") is { } safari)
        {
            return new(BrowserKind.Safari, safari);
        }

        return new(BrowserKind.Other, 0);
    }

    private static int? Version(string ua, string marker)
    {
        var at = ua.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = ua.AsSpan(at + marker.Length);
        var length = 0;
        while (length < digits.Length && length < 6 && char.IsAsciiDigit(digits[length]))
        {
            length++;
        }

        return length > 0 ? int.Parse(digits[..length], System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
