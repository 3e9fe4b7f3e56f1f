namespace ByeByeRobots.Storage;

/// <summary>The key schema, in one place. Every key carries the configured prefix and a TTL.</summary>
internal static class StoreKeys
{
    /// <summary>A challenge between issue and verify: <c>{prefix}ch:{id}</c>.</summary>
    public static string Challenge(string prefix, string id) => prefix + "ch:" + id;

    /// <summary>The redemption of a token: <c>{prefix}tk:{tokenId}</c>.</summary>
    public static string Redemption(string prefix, string tokenId) => prefix + "tk:" + tokenId;
}
