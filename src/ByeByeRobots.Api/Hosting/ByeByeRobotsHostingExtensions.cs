using System.Security.Cryptography;
using ByeByeRobots.Api.AdaptiveCost;
using ByeByeRobots.Api.Demo;
using ByeByeRobots.Api.Diagnostics;
using ByeByeRobots.Api.Http;
using ByeByeRobots.Api.Verification;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Tokens;
using ByeByeRobots.Core.Verification;
using ByeByeRobots.Scoring;
using ByeByeRobots.Storage;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.Api.Hosting;

internal static class ByeByeRobotsHostingExtensions
{
    /// <summary>The Development key id; its presence at startup is logged as a warning.</summary>
    public const string DevelopmentKeyId = "dev-ephemeral";

    /// <summary>Configuration key (or <c>ByeByeRobots__SettingsFile</c>) naming a settings file outside the application's directory.</summary>
    public const string SettingsFileKey = "ByeByeRobots:SettingsFile";

    /// <summary>
    /// A settings file outside the application's directory (a mounted Kubernetes ConfigMap, a
    /// file an operator edits), named by <see cref="SettingsFileKey"/>: read after
    /// <c>appsettings.{Environment}.json</c> and before environment variables (secrets given as
    /// variables win), and again whenever it changes. A ConfigMap's files change by a symbolic link
    /// swapped: set <c>DOTNET_USE_POLLING_FILE_WATCHER=true</c>, whose polling (every 4 s) sees it.
    /// </summary>
    private static void AddSettingsFile(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[SettingsFileKey] is not { Length: > 0 } path)
        {
            return;
        }

        var full = Path.GetFullPath(path);
        var sources = builder.Configuration.Sources;
        var before = sources.ToList().FindIndex(source => source is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
        var file = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.GetFileName(full),
            Optional = false,
            ReloadOnChange = true,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(full)!),
        };
        sources.Insert(before < 0 ? sources.Count : before, file);
    }

    public static WebApplicationBuilder AddByeByeRobots(this WebApplicationBuilder builder)
    {
        builder.AddSettingsFile();
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
        if (builder.Environment.IsDevelopment())
        {
            // The test site keys (protocol section 1): for procedures' own end-to-end tests, never elsewhere.
            services.AddSingleton(new TestSiteSwitch(true));
        }

        services.AddReloadableOptions<ChallengeOptions>(ChallengeOptions.SectionName);
        services.AddReloadableOptions<ReplayOptions>(ReplayOptions.SectionName);
        services.AddSingleton<ByeByeRobots.Api.Challenges.ChallengeQuota>();
        services.AddTokens(builder.Environment);
        services.AddByeByeRobotsStore();
        services.AddHumanityScorer();
        services.AddSingleton<VerificationMetrics>();
        builder.AddTelemetry();
        services.AddSingleton<StoreErrorLog>();
        services.AddReloadableOptions<AdaptiveCostOptions>(AdaptiveCostOptions.SectionName);
        services.AddSingleton<AttackPressure>();
        services.AddSingleton<VerifyServices>();
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptions.Validator>();
        services.AddOptions<PublicUrlOptions>().BindConfiguration(PublicUrlOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublicUrlOptions>, PublicUrlOptions.Validator>();

        // Nothing says what serves the answers.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) => ProxyOptions.Apply(forwarded, proxies.Value));
        services.AddWidgetCors();
        services.AddWidgetRateLimiting();
        services.AddSingleton<ByeByeRobots.Widget.WidgetAssets>();
        services.AddDemo();
        services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseByeByeRobots(this WebApplication app)
    {
        // Fail at startup, with the configuration's own key names, rather than on a first request.
        // Sites, lifetimes, token keys and rate limits reload with last-good semantics; the
        // Redis connection is read once here and holds until restart.
        _ = app.Services.GetRequiredService<SiteRegistry>();
        _ = app.Services.GetRequiredService<ReloadableOptions<ChallengeOptions>>();
        _ = app.Services.GetRequiredService<ReloadableOptions<AdaptiveCostOptions>>();
        _ = app.Services.GetRequiredService<ReloadableOptions<RateLimitingOptions>>();
        _ = app.Services.GetRequiredService<IOptions<RedisOptions>>().Value;
        _ = app.Services.GetRequiredService<IHumanityScorer>(); // the model loads (a missing model file stops the start)
        app.Services.StartByeByeRobotsStore(refuseUnsafeRedis: app.Environment.IsProduction());
        if (app.Services.GetRequiredService<TokenProtector>().Keys.ActiveKeyId == DevelopmentKeyId)
        {
            Log.EphemeralTokenKey(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ByeByeRobots.Tokens"));
        }

        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        // On every answer, problems included (OnStarting survives the exception handler's clearing).
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>The OpenAPI document, in Development or where <c>ByeByeRobots:OpenApi:Enabled</c> is true.</summary>
    public static WebApplication MapOpenApiWhereEnabled(this WebApplication app)
    {
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("ByeByeRobots:OpenApi:Enabled"))
        {
            app.MapOpenApi();
        }

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
        services.AddReloadableOptions<TokenOptions>(TokenOptions.SectionName, options =>
            [.. ReloadableOptions<TokenOptions>.Annotations(options, TokenOptions.SectionName), .. TokenKeyRing.TryCreate(options, out _)]);
        services.PostConfigure<TokenOptions>(options =>
        {
            if (options.SigningKeys.Count == 0 && environment.IsDevelopment())
            {
                options.SigningKeys[DevelopmentKeyId] = developmentKey;
                options.ActiveKeyId = DevelopmentKeyId;
            }
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ReloadableOptions<TokenOptions>>();
            var protector = new TokenProtector(KeyRing(options.Value));
            options.Changed += changed => protector.Keys = KeyRing(changed);
            return protector;
        });
    }

    private static TokenKeyRing KeyRing(TokenOptions options)
    {
        var errors = TokenKeyRing.TryCreate(options, out var ring);
        return ring ?? throw new OptionsValidationException(TokenOptions.SectionName, typeof(TokenOptions), errors);
    }
}
