using System.ComponentModel.DataAnnotations;

namespace ByeByeRobots.Samples.MinimalApi;

/// <summary>A message to the administration.</summary>
public sealed record ContactRequest([property: Required] string? Email, [property: Required] string? Message);

/// <summary>The receipt: a reference, and the score the check gave (for the demonstration).</summary>
public sealed record ContactReceipt(string Reference, double? Score);

[System.Text.Json.Serialization.JsonSerializable(typeof(ContactRequest))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ContactReceipt))]
internal sealed partial class SampleJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

