using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.Core.Sites;

/// <summary>
/// The sites currently in force. Built from <see cref="SitesOptions"/> at startup (an invalid
/// configuration stops the service) and rebuilt when the configuration changes; an invalid
/// change is logged and ignored, so a typo in a reloaded file never takes the service down.
/// </summary>
public sealed partial class SiteRegistry : IDisposable
{
    private readonly ILogger<SiteRegistry> _logger;
    private readonly IDisposable? _subscription;
    private readonly bool _testSites;
    private volatile Snapshot _current;

    /// <param name="testSites">Registered in Development only: adds the test site keys (<see cref="TestSites"/>).</param>
    public SiteRegistry(IOptionsMonitor<SitesOptions> options, ILogger<SiteRegistry> logger, TestSiteSwitch? testSites = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _testSites = testSites?.Enabled == true;
        var errors = SiteConfigurationValidator.Validate(options.CurrentValue, out var sites);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(SitesOptions.SectionName, typeof(SitesOptions), errors);
        }

        _current = new Snapshot(WithTestSites(sites));
        _subscription = options.OnChange(Reload);
    }

    public int Count => _current.Sites.Count;

    public bool TryGet(string siteKey, out SitePolicy site) => _current.Sites.TryGetValue(siteKey, out site!);

    /// <summary>True when some site accepts this host; used for CORS preflights.</summary>
    public bool AnySiteAllowsHost(string host)
    {
        foreach (var site in _current.Sites.Values)
        {
            if (site.AllowsHost(host))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the secret belongs to some site. Compares hashes, so timing says nothing of the secret.</summary>
    public bool IsKnownSecret(string secret) => _current.SecretHashes.Contains(HashSecret(secret));

    /// <summary>Constant-time check that <paramref name="secret"/> is this site's secret.</summary>
    public static bool SecretMatches(SitePolicy site, string secret)
    {
        ArgumentNullException.ThrowIfNull(site);
        return CryptographicOperations.FixedTimeEquals(site.SecretHash, SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    public void Dispose() => _subscription?.Dispose();

    /// <summary>The configured sites, and the test site keys where they are on (a configured site of the same key wins).</summary>
    private FrozenDictionary<string, SitePolicy> WithTestSites(FrozenDictionary<string, SitePolicy> sites)
    {
        if (!_testSites)
        {
            return sites;
        }

        var all = new Dictionary<string, SitePolicy>(sites, StringComparer.Ordinal);
        foreach (var test in TestSites.Create())
        {
            all.TryAdd(test.SiteKey, test);
        }

        return all.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string HashSecret(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private void Reload(SitesOptions options)
    {
        var errors = SiteConfigurationValidator.Validate(options, out var sites);
        if (errors.Count > 0)
        {
            LogReloadRejected(string.Join(" ", errors));
            return;
        }

        _current = new Snapshot(WithTestSites(sites));
        LogReloaded(sites.Count);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Site configuration reloaded: {SiteCount} sites.")]
    private partial void LogReloaded(int siteCount);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Site configuration change rejected, the previous configuration stays in force: {Errors}")]
    private partial void LogReloadRejected(string errors);

    private sealed class Snapshot
    {
        public Snapshot(FrozenDictionary<string, SitePolicy> sites)
        {
            Sites = sites;
            SecretHashes = sites.Values.Select(s => Convert.ToHexString(s.SecretHash)).ToFrozenSet(StringComparer.Ordinal);
        }

        public FrozenDictionary<string, SitePolicy> Sites { get; }

        public FrozenSet<string> SecretHashes { get; }
    }
}
