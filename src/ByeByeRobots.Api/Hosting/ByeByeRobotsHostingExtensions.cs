using System.Security.Cryptography;
using ByeByeRobots.Api.Diagnostics;
using ByeByeRobots.Api.Http;
using ByeByeRobots.Api.Verification;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Tokens;
using ByeByeRobots.Storage;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.Api.Hosting;

internal static class ByeByeRobotsHostingExtensions
{
    /// <summary>The Development key id; its presence at startup is logged as a warning.</summary>
    public const string DevelopmentKeyId = "dev-ephemeral";

    public static WebApplicationBuilder AddByeByeRobots(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (!context.ProblemDetails.Extensions.ContainsKey("error"))
            {
                var code = Problems.CodeForStatus(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
                context.ProblemDetails.Extensions["error"] = code;
                context.ProblemDetails.Type ??= Problems.TypePrefix + code;
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });

        // Sites reload without restart: SiteRegistry validates each change and keeps the last good one.
        services.AddOptions<SitesOptions>().BindConfiguration(SitesOptions.SectionName);
        services.AddSingleton<SiteRegistry>();

        services.AddOptions<ChallengeOptions>()
            .BindConfiguration(ChallengeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTokens(builder.Environment);
        services.AddByeByeRobotsStore();
        services.AddSingleton<IHumanityScorer, RuleBasedScorer>();
        services.AddSingleton<VerificationMetrics>();
        services.AddSingleton<VerifyServices>();
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) => ProxyOptions.Apply(forwarded, proxies.Value));
        services.AddWidgetCors();
        services.AddWidgetRateLimiting();
        services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseByeByeRobots(this WebApplication app)
    {
        // Fail at startup, with the configuration's own key names, rather than on a first request.
        // Service-wide settings are read once here and hold until restart: a later (possibly
        // invalid) edit of them cannot reach a request. Sites reload through SiteRegistry.
        _ = app.Services.GetRequiredService<SiteRegistry>();
        _ = app.Services.GetRequiredService<IOptions<ChallengeOptions>>().Value;
        _ = app.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        _ = app.Services.GetRequiredService<IOptions<RedisOptions>>().Value;
        if (app.Services.GetRequiredService<TokenKeyRing>().ActiveKeyId == DevelopmentKeyId)
        {
            Log.EphemeralTokenKey(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ByeByeRobots.Tokens"));
        }

        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") }).WithTags("Health");
        return app;
    }

    private static void AddTokens(this IServiceCollection services, IHostEnvironment environment)
    {
        var developmentKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        services.AddOptions<TokenOptions>()
            .BindConfiguration(TokenOptions.SectionName)
            .PostConfigure(options =>
            {
                if (options.SigningKeys.Count == 0 && environment.IsDevelopment())
                {
                    options.SigningKeys[DevelopmentKeyId] = developmentKey;
                    options.ActiveKeyId = DevelopmentKeyId;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TokenOptions>, TokenOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var errors = TokenKeyRing.TryCreate(sp.GetRequiredService<IOptions<TokenOptions>>().Value, out var ring);
            return ring ?? throw new OptionsValidationException(TokenOptions.SectionName, typeof(TokenOptions), errors);
        });
        services.AddSingleton<TokenProtector>();
    }

    private sealed class TokenOptionsValidator : IValidateOptions<TokenOptions>
    {
        public ValidateOptionsResult Validate(string? name, TokenOptions options)
        {
            var errors = TokenKeyRing.TryCreate(options, out _);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
