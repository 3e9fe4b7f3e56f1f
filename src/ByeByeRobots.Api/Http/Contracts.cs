using System.Text.Json.Serialization;

namespace ByeByeRobots.Api.Http;

/// <summary>The proof of work of a challenge (protocol section 2).</summary>
/// <remarks><c>Iterations</c> only for <c>pbkdf2-sha256-lzb</c>.</remarks>
internal sealed record PowDescription(string Algorithm, string Salt, int Difficulty, int Puzzles, int? Iterations = null);

/// <summary>The answer of <c>/v1/challenge</c>, also nested in a step-up verdict.</summary>
/// <remarks><c>ResponseFields</c> (an addition to the protocol): form fields the widget fills with the token besides <c>bbr-response</c>; absent when none.</remarks>
internal sealed record ChallengeResponse(string Id, PowDescription Pow, DateTime ExpiresAt, IReadOnlyList<string>? ResponseFields = null);

/// <summary>The answer of <c>/v1/verify</c>: pass (token), step-up (challenge) or fail. Never the score.</summary>
internal sealed record VerifyResponse(string Verdict, string? Token = null, DateTime? ExpiresAt = null, ChallengeResponse? Challenge = null);

/// <summary>The answer of <c>/v1/siteverify</c>, in the shape of Turnstile and reCAPTCHA v3.</summary>
internal sealed record SiteVerifyResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("challenge_ts")] DateTime? ChallengeTs,
    [property: JsonPropertyName("hostname")] string? Hostname,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("score")] double? Score,
    [property: JsonPropertyName("error-codes")] IReadOnlyList<string> ErrorCodes,
    [property: JsonPropertyName("stepped_up")] bool? SteppedUp = null,
    [property: JsonPropertyName("reasons")] IReadOnlyList<string>? Reasons = null)
{
    public static SiteVerifyResponse Failure(string code) => new(false, null, null, null, null, [code]);
}

/// <summary>The answer of <c>/v1/siteverify</c> for a site with the hCaptcha profile: hCaptcha's fields; <c>score</c> is a risk (1 - humanity).</summary>
internal sealed record HCaptchaSiteVerifyResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("challenge_ts")] DateTime? ChallengeTs,
    [property: JsonPropertyName("hostname")] string? Hostname,
    [property: JsonPropertyName("credit")] bool? Credit,
    [property: JsonPropertyName("score")] double? Score,
    [property: JsonPropertyName("score_reason")] IReadOnlyList<string>? ScoreReason,
    [property: JsonPropertyName("error-codes")] IReadOnlyList<string> ErrorCodes);

/// <summary>Request shapes, for the OpenAPI document (bodies are read by hand, with bounds).</summary>
/// <remarks><c>Algorithms</c> (an addition to the protocol): the proofs of work the browser can compute; without the site's, it gets <c>sha256-lzb</c> at the same native cost.</remarks>
internal sealed record ChallengeRequest(string Sitekey, string? Action, IReadOnlyList<string>? Algorithms);

internal sealed record VerifyRequest(string Id, ulong[] Pow, object Signals);

internal sealed record SiteVerifyRequest(
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("response")] string Response,
    [property: JsonPropertyName("remoteip")] string? RemoteIp,
    [property: JsonPropertyName("idempotency_key")] string? IdempotencyKey);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChallengeResponse))]
[JsonSerializable(typeof(VerifyResponse))]
[JsonSerializable(typeof(SiteVerifyResponse))]
[JsonSerializable(typeof(HCaptchaSiteVerifyResponse))]
[JsonSerializable(typeof(ChallengeRequest))]
[JsonSerializable(typeof(VerifyRequest))]
[JsonSerializable(typeof(SiteVerifyRequest))]
[JsonSerializable(typeof(Widget.WidgetManifest))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
