namespace ByeByeRobots.Core.Tokens;

/// <summary>What a token says. Only the service can read it: the browser holds it as an opaque string.</summary>
public sealed record TokenClaims(
    string Id,
    string SiteKey,
    string Action,
    string Hostname,
    double Score,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
