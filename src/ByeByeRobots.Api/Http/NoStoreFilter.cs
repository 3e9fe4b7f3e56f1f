namespace ByeByeRobots.Api.Http;

internal static class NoStoreFilter
{
    /// <summary>Challenges, verdicts and tokens are single-use: no cache may keep them.</summary>
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return next(context);
        });
}
