using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.Api.Hosting;

/// <summary>Bound from <c>ByeByeRobots:Proxy</c>: the reverse proxies whose X-Forwarded-For is believed.</summary>
internal sealed class ProxyOptions
{
    public const string SectionName = "ByeByeRobots:Proxy";

    /// <summary>
    /// Addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/24</c>) of the reverse proxies in front of
    /// the service. Empty: clients connect directly. An entry that is neither stops the start: a
    /// proxy silently left out would make every client look like the proxy to the rate limits.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    public static void Apply(ForwardedHeadersOptions forwarded, ProxyOptions proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.ForwardLimit = 1;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in proxies.KnownProxies)
        {
            if (proxy.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(proxy, out var network))
            {
                forwarded.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(proxy, out var address))
            {
                forwarded.KnownProxies.Add(address);
            }
        }
    }

    /// <summary>Every entry an address or a network in CIDR notation.</summary>
    internal sealed class Validator : IValidateOptions<ProxyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProxyOptions options)
        {
            var errors = options.KnownProxies
                .Select((proxy, index) => (proxy, index))
                .Where(entry => !(entry.proxy.Contains('/', StringComparison.Ordinal) ? System.Net.IPNetwork.TryParse(entry.proxy, out _) : IPAddress.TryParse(entry.proxy, out _)))
                .Select(entry => $"{SectionName}:KnownProxies:{entry.index} ('{entry.proxy}') is neither an IP address nor a network such as 10.0.0.0/24.")
                .ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
