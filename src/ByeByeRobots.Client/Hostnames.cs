namespace ByeByeRobots.Client;

/// <summary>Hostname patterns as the service reads them: exact names, or <c>*.example.lu</c> for every subdomain (not the parent).</summary>
internal static class Hostnames
{
    public static bool Matches(IEnumerable<string> patterns, string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        foreach (var raw in patterns)
        {
            var pattern = raw.Trim();
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                var suffix = pattern[1..];
                if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
