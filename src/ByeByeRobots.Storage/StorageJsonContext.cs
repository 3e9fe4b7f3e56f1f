using System.Text.Json.Serialization;
using ByeByeRobots.Core.Challenges;

namespace ByeByeRobots.Storage;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Challenge))]
[JsonSerializable(typeof(RedemptionRecord))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
