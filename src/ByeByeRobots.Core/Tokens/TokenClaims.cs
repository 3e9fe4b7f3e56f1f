using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Tokens;

/// <summary>What a token says. Only the service can read it: the browser holds it as an opaque string.</summary>
/// <param name="SteppedUp">The session passed after one or more step-ups.</param>
/// <param name="Reasons">What lowered the score or raised the cost (siteverify's <c>reasons</c>).</param>
/// <param name="Epoch">
/// The store's epoch when the token was issued: a store that lost its data (a restart without
/// persistence) has another, so a token it may have seen used is not good again.
/// </param>
public sealed record TokenClaims(
    string Id,
    string SiteKey,
    string Action,
    string Hostname,
    double Score,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    bool SteppedUp = false,
    ReasonSet Reasons = default,
    uint Epoch = 0);
