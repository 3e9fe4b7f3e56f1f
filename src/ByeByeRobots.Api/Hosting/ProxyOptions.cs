using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ByeByeRobots.Api.Hosting;

/// <summary>Bound from <c>ByeByeRobots:Proxy</c>: the reverse proxies whose X-Forwarded-For is believed.</summary>
internal sealed class ProxyOptions
{
    public const string SectionName = "ByeByeRobots:Proxy";

    /// <summary>Addresses of the reverse proxies in front of the service. Empty: clients connect directly.</summary>
    public List<string> KnownProxies { get; set; } = [];

    public static void Apply(ForwardedHeadersOptions forwarded, ProxyOptions proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.ForwardLimit = 1;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in proxies.KnownProxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                forwarded.KnownProxies.Add(address);
            }
        }
    }
}
