using System.Diagnostics;
using System.Text.Json;
using ByeByeRobots.Api.Challenges;
using ByeByeRobots.Api.Diagnostics;
using ByeByeRobots.Api.Hosting;
using ByeByeRobots.Api.Http;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Storage;
using ByeByeRobots.Core.Tokens;
using ByeByeRobots.Core.Verification;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.Api.Verification;

/// <summary><c>POST /v1/verify</c>: proof of work and signals in, a verdict out.</summary>
internal static class VerifyEndpoints
{
    public const int MaximumBodyBytes = 256 * 1024;

    public static RouteGroupBuilder MapVerifyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Widget").RequireCors(WidgetCors.PolicyName).RequireRateLimiting(WidgetRateLimiting.PolicyName).WithNoStore();
        group.MapPost("/verify", VerifyAsync)
            .WithName("Verify")
            .WithSummary("Consumes a challenge, checks its proof of work, scores the signals and answers pass (token), step-up (a harder challenge) or fail.")
            .Accepts<VerifyRequest>("application/json", "*/*")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    internal static async Task<Results<Ok<VerifyResponse>, ProblemHttpResult>> VerifyAsync(
        HttpRequest request,
        VerifyServices services,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
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
                // Everything that can be judged from the request alone is judged before the
                // challenge is consumed, so a malformed request loses nothing.
                var root = document.RootElement;
                if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || !IsChallengeId(idElement.GetString()!))
                {
                    return Problems.Error(ErrorCodes.ChallengeUnknown, "id is missing or is not a challenge id.");
                }

                if (!root.TryGetProperty("signals", out var signalsElement))
                {
                    return Problems.Error(ErrorCodes.SignalsInvalid, "signals is required (protocol section 5).");
                }

                var error = SignalsReader.TryRead(signalsElement, out var signals, out var detail);
                if (error != SignalsError.None)
                {
                    return error == SignalsError.TooLarge
                        ? Problems.Error(ErrorCodes.PayloadTooLarge, detail)
                        : Problems.Error(ErrorCodes.SignalsInvalid, detail);
                }

                var solution = root.TryGetProperty("pow", out var powElement) ? ReadSolution(powElement) : null;
                var host = OriginHost.Parse(request.Headers.Origin);

                var challenge = await services.Challenges.TakeAsync(idElement.GetString()!, cancellationToken);
                if (challenge is null)
                {
                    return Problems.Error(ErrorCodes.ChallengeUnknown, "No such challenge: it never existed or was already used.");
                }

                return await DecideAsync(services, challenge, host, solution, signals!, started, cancellationToken);
            }
        }
    }

    private static async Task<Results<Ok<VerifyResponse>, ProblemHttpResult>> DecideAsync(
        VerifyServices services,
        Challenge challenge,
        string? host,
        ulong[]? solution,
        InteractionSignals signals,
        long started,
        CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        if (now >= challenge.ExpiresAt)
        {
            return Problems.Error(ErrorCodes.ChallengeExpired, "The challenge expired; ask for a new one.");
        }

        if (host is null || !string.Equals(host, challenge.Hostname, StringComparison.Ordinal))
        {
            return Problems.Error(ErrorCodes.OriginNotAllowed, "The Origin differs from the page that asked for the challenge.", StatusCodes.Status403Forbidden);
        }

        if (!services.Sites.TryGet(challenge.SiteKey, out var site))
        {
            return Problems.Error(ErrorCodes.SiteKeyUnknown, "The challenge's site key is no longer configured.");
        }

        if (solution is null || !ProofOfWork.Verify(challenge.Salt, challenge.Difficulty, solution, challenge.Puzzles))
        {
            return Problems.Error(ErrorCodes.PowInvalid, $"pow must be {challenge.Puzzles} integers solving the challenge's puzzles.");
        }

        var result = services.Scorer.Score(signals);
        var verdict = VerdictPolicy.Decide(result.Score, site.ThresholdsFor(challenge.Action), challenge.IsStepUp);
        var verdictName = Name(verdict);
        var reasons = string.Join(", ", result.Contributions.Select(c => $"{c.Feature} {c.Effect:+0.00;-0.00}"));
        if (site.ShadowMode)
        {
            Log.ShadowVerdict(services.Logger, site.SiteKey, challenge.Action, verdictName, result.Score, services.Scorer.Name, reasons);
            verdict = Verdict.Pass;
        }
        else
        {
            Log.Verdict(services.Logger, verdictName, site.SiteKey, challenge.Action, result.Score, services.Scorer.Name, challenge.IsStepUp, reasons);
        }

        services.Metrics.Verified(site.SiteKey, challenge.Action, verdictName, site.ShadowMode, result.Score, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        switch (verdict)
        {
            case Verdict.Pass:
                var token = services.IssueToken(challenge, result.Score, now);
                return TypedResults.Ok(new VerifyResponse("pass", token.Token, token.ExpiresAt));
            case Verdict.StepUp:
                var stepUp = ChallengeFactory.CreateStepUp(site, challenge, result.Score, now, services.ChallengeOptions.Value.Lifetime);
                await services.Challenges.SaveAsync(stepUp, cancellationToken);
                return TypedResults.Ok(new VerifyResponse("step-up", Challenge: ChallengeEndpoints.ToResponse(stepUp)));
            default:
                return TypedResults.Ok(new VerifyResponse("fail"));
        }
    }

    private static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.StepUp => "step-up",
        _ => "fail",
    };

    private static bool IsChallengeId(string id) =>
        id.Length is >= 16 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The solution as unsigned integers, or null when it is not an array of them.</summary>
    private static ulong[]? ReadSolution(JsonElement pow)
    {
        if (pow.ValueKind != JsonValueKind.Array || pow.GetArrayLength() > SiteConfigurationValidator.MaximumPuzzles)
        {
            return null;
        }

        var solution = new ulong[pow.GetArrayLength()];
        var i = 0;
        foreach (var item in pow.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetUInt64(out solution[i]) || solution[i] > ProofOfWork.MaximumNonce)
            {
                return null;
            }

            i++;
        }

        return solution;
    }
}

/// <summary>What a verify needs, resolved once per request.</summary>
internal sealed class VerifyServices(
    SiteRegistry sites,
    IChallengeStore challenges,
    IHumanityScorer scorer,
    TokenProtector tokens,
    IOptions<TokenOptions> tokenOptions,
    IOptions<ChallengeOptions> challengeOptions,
    VerificationMetrics metrics,
    TimeProvider time,
    ILogger<VerifyServices> logger)
{
    public SiteRegistry Sites => sites;

    public IChallengeStore Challenges => challenges;

    public IHumanityScorer Scorer => scorer;

    public IOptions<ChallengeOptions> ChallengeOptions => challengeOptions;

    public VerificationMetrics Metrics => metrics;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    public (string Token, DateTime ExpiresAt) IssueToken(Challenge challenge, double score, DateTimeOffset now)
    {
        var expiresAt = Core.Timestamps.ToWholeSeconds(now + tokenOptions.Value.Lifetime);
        var claims = new TokenClaims(TokenIds.New(), challenge.SiteKey, challenge.Action, challenge.Hostname, score, now, expiresAt);
        return (tokens.Protect(claims), expiresAt.UtcDateTime);
    }
}
