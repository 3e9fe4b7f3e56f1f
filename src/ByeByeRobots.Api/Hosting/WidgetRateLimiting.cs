using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using ByeByeRobots.Api.Http;
using ByeByeRobots.Storage;
using Microsoft.AspNetCore.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace ByeByeRobots.Api.Hosting;

/// <summary>Bound from <c>ByeByeRobots:RateLimiting</c>.</summary>
internal sealed class RateLimitingOptions
{
    public const string SectionName = "ByeByeRobots:RateLimiting";

    /// <summary>
    /// Requests per minute and client address on /v1/challenge and /v1/verify; 0 turns the
    /// limit off. The default lets a few hundred people behind one office address each send
    /// a form a minute (a form costs two or three requests).
    /// </summary>
    [Range(0, 1_000_000)]
    public int PermitsPerMinute { get; set; } = 1200;
}

/// <summary>Per-client limits on the widget endpoints: 429 problem with Retry-After.</summary>
internal static class WidgetRateLimiting
{
    public const string PolicyName = "widget";
    private const int Segments = 6;

    public static IServiceCollection AddWidgetRateLimiting(this IServiceCollection services)
    {
        services.AddReloadableOptions<RateLimitingOptions>(RateLimitingOptions.SectionName);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyName, context =>
            {
                var permits = context.RequestServices.GetRequiredService<ReloadableOptions<RateLimitingOptions>>().Value.PermitsPerMinute;

                // The limit is part of the partition, so a changed limit applies from the next request.
                var client = ClientPartition(context.Connection.RemoteIpAddress) + "|" + permits.ToString(CultureInfo.InvariantCulture);
                if (permits == 0)
                {
                    return RateLimitPartition.GetNoLimiter(client);
                }

                // On Redis the budget is counted in Redis, so it is the same with one instance or ten
                // (a fixed window: one counter per client and minute). The embedded store's single
                // instance counts in memory, in a sliding window.
                var redis = context.RequestServices.GetRequiredService<RedisOptions>();
                if (redis.UsesRedis)
                {
                    var connection = context.RequestServices.GetRequiredService<IConnectionMultiplexer>();
                    return RedisRateLimitPartition.GetFixedWindowRateLimiter(redis.KeyPrefix + "rl:" + client, _ => new RedisFixedWindowRateLimiterOptions
                    {
                        ConnectionMultiplexerFactory = () => connection,
                        PermitLimit = permits,
                        Window = TimeSpan.FromMinutes(1),
                    });
                }

                return RateLimitPartition.GetSlidingWindowLimiter(client, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = Segments,
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? wait
                    : TimeSpan.FromMinutes(1) / Segments;
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problem = Problems.Error(ErrorCodes.RateLimited, "Too many requests from this address; try again after Retry-After seconds.", StatusCodes.Status429TooManyRequests);
                await problem.ExecuteAsync(http);
            };
        });
        return services;
    }

    /// <summary>One partition per IPv4 address, and per /64 for IPv6 (one household or office).</summary>
    internal static string ClientPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
