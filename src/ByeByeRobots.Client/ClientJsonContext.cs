using System.Text.Json.Serialization;

namespace ByeByeRobots.Client;

/// <summary>The answer of <c>/v1/siteverify</c> (protocol section 4), read with source-generated JSON.</summary>
internal sealed class SiteVerifyAnswer
{
    [JsonPropertyName("success")]
    public bool Success { get; set; }

    [JsonPropertyName("challenge_ts")]
    public DateTimeOffset? ChallengeTimestamp { get; set; }

    [JsonPropertyName("hostname")]
    public string? Hostname { get; set; }

    [JsonPropertyName("action")]
    public string? Action { get; set; }

    [JsonPropertyName("score")]
    public double? Score { get; set; }

    [JsonPropertyName("error-codes")]
    public string[]? ErrorCodes { get; set; }

    [JsonPropertyName("stepped_up")]
    public bool? SteppedUp { get; set; }

    [JsonPropertyName("reasons")]
    public string[]? Reasons { get; set; }
}

[JsonSerializable(typeof(SiteVerifyAnswer))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
