using ByeByeRobots.Core.Sites;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace ByeByeRobots.Api.Hosting;

/// <summary>
/// CORS for the widget endpoints: a browser may call them only from a hostname some site
/// lists. The per-site check (this key, this hostname) is done by the endpoint itself.
/// </summary>
internal static class WidgetCors
{
    public const string PolicyName = "widget";

    public static IServiceCollection AddWidgetCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<SiteRegistry>((options, sites) =>
            options.AddPolicy(PolicyName, policy => policy
                .SetIsOriginAllowed(origin => OriginHost.Parse(origin) is { } host && sites.AnySiteAllowsHost(host))
                .WithMethods("POST")
                .WithHeaders("Content-Type")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }
}
