using System.Buffers.Text;
using System.Text.Json;
using ByeByeRobots.Api.AdaptiveCost;
using ByeByeRobots.Api.Hosting;
using ByeByeRobots.Api.Diagnostics;
using ByeByeRobots.Api.Http;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Storage;
using ByeByeRobots.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ByeByeRobots.Api.Challenges;

/// <summary><c>POST /v1/challenge</c>: a proof-of-work challenge for a site key and action.</summary>
internal static class ChallengeEndpoints
{
    public const int MaximumBodyBytes = 8 * 1024;
    public const string DefaultAction = "default";

    public static RouteGroupBuilder MapChallengeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Widget").RequireCors(WidgetCors.PolicyName).RequireRateLimiting(WidgetRateLimiting.PolicyName).WithNoStore();
        group.MapPost("/challenge", IssueAsync)
            .WithName("IssueChallenge")
            .WithSummary("Issues a proof-of-work challenge for a site key and action; the page's Origin must be one of the site's hostnames.")
            .Accepts<ChallengeRequest>("application/json", "*/*")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    internal static async Task<Results<Ok<ChallengeResponse>, ProblemHttpResult>> IssueAsync(
        HttpRequest request,
        SiteRegistry sites,
        IChallengeStore store,
        ReloadableOptions<ChallengeOptions> options,
        ChallengeQuota quota,
        AttackPressure pressure,
        VerificationMetrics metrics,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, MaximumBodyBytes, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            if (!body.TryParseObject(out var document, out problem))
            {
                return problem!;
            }

            using (document)
            {
                var root = document.RootElement;
                if (JsonText.GetStringMember(root, "sitekey") is not { } siteKey || !sites.TryGet(siteKey, out var site))
                {
                    return Problems.Error(ErrorCodes.SiteKeyUnknown, "sitekey is missing or names no configured site.");
                }

                var action = DefaultAction;
                if (root.TryGetProperty("action", out var actionElement) && actionElement.ValueKind != JsonValueKind.Null)
                {
                    if (!JsonText.TryGetString(actionElement, out action) || !SiteConfigurationValidator.IsValidAction(action))
                    {
                        return Problems.Error(ErrorCodes.ActionInvalid, "action must be 1 to 32 characters of A-Z, a-z, 0-9, '_' or '-'.");
                    }
                }

                var host = OriginHost.Parse(request.Headers.Origin);
                if (host is null || !site.AllowsHost(host))
                {
                    return Problems.Error(ErrorCodes.OriginNotAllowed, "The page's Origin is not one of this site key's hostnames.", StatusCodes.Status403Forbidden);
                }

                if (quota.TryAcquire(request.HttpContext.Connection.RemoteIpAddress, site.SiteKey) is var (bound, retryAfter))
                {
                    request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Problems.Error(
                        ErrorCodes.RateLimited,
                        bound == "client"
                            ? "Too many challenges for this address within a challenge's lifetime; try again after Retry-After seconds."
                            : "Too many challenges for this site within a challenge's lifetime; try again after Retry-After seconds.",
                        StatusCodes.Status429TooManyRequests);
                }

                var extraBits = await pressure.ExtraBitsAsync(site.SiteKey, cancellationToken);
                var challenge = ChallengeFactory.Create(site, action, host, time.GetUtcNow(), options.Value.Lifetime, extraBits, OffersAlgorithm(root, site.Pow.Algorithm));
                await store.SaveAsync(challenge, cancellationToken);
                metrics.ChallengeIssued(site.SiteKey, VerificationMetrics.ActionTag(site, action), stepUp: false, challenge.Cost);
                return TypedResults.Ok(ToResponse(challenge, site));
            }
        }
    }

    /// <summary>
    /// False only when the request lists the algorithms it can compute (<c>algorithms</c>, an
    /// array of names) and the site's is not among them: the widget in an insecure context,
    /// where <c>crypto.subtle</c> is missing. Anything else gets the site's algorithm.
    /// </summary>
    private static bool OffersAlgorithm(JsonElement root, PowAlgorithm algorithm)
    {
        if (!root.TryGetProperty("algorithms", out var offered) || offered.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var name = algorithm.Name();
        foreach (var item in offered.EnumerateArray())
        {
            // ValueEquals throws on a lone surrogate escape, where JsonText refuses it.
            if (JsonText.TryGetString(item, out var offeredName) && offeredName == name)
            {
                return true;
            }
        }

        return false;
    }

    public static ChallengeResponse ToResponse(Challenge challenge, SitePolicy site) =>
        new(
            challenge.Id,
            new PowDescription(
                challenge.Algorithm.Name(),
                Base64Url.EncodeToString(challenge.Salt),
                challenge.Difficulty,
                challenge.Puzzles,
                challenge.Algorithm == PowAlgorithm.Pbkdf2Sha256Lzb ? challenge.Iterations : null),
            challenge.ExpiresAt.UtcDateTime,
            site.ResponseFields.Count > 0 ? site.ResponseFields : null);
}
