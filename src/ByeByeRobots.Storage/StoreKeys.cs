namespace ByeByeRobots.Storage;

/// <summary>The key schema, in one place. Every key carries the configured prefix and a TTL, but the epoch.</summary>
internal static class StoreKeys
{
    /// <summary>A challenge between issue and verify: <c>{prefix}ch:{id}</c>.</summary>
    public static string Challenge(string prefix, string id) => prefix + "ch:" + id;

    /// <summary>The store's epoch (see StoreEpoch), the one key without a TTL: <c>{prefix}epoch</c>.</summary>
    public static string Epoch(string prefix) => prefix + "epoch";

    /// <summary>The redemption of a token: <c>{prefix}tk:{tokenId}</c>.</summary>
    public static string Redemption(string prefix, string tokenId) => prefix + "tk:" + tokenId;

    /// <summary>
    /// A site's verdicts in one minute (adaptive cost): <c>{prefix}vc:{siteKey}:{minute}:{kind}</c>, kind
    /// <c>t</c> (all), <c>s</c> (step-up or automation) or <c>e</c> (the cost was raised in that minute).
    /// </summary>
    public static string VerdictCount(string prefix, string siteKey, long minute, char kind) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}vc:{siteKey}:{minute}:{kind}");

    /// <summary>A trajectory sketch under one band key: <c>{prefix}tj:{siteKey}:{band}:{hash}</c>, TTL the replay window.</summary>
    public static string Trajectory(string prefix, string siteKey, int band, ulong hash) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}tj:{siteKey}:{band}:{hash:x16}");
}
