using System.Diagnostics;
using System.Text.Json;
using ByeByeRobots.Api.AdaptiveCost;
using ByeByeRobots.Api.Challenges;
using ByeByeRobots.Api.Diagnostics;
using ByeByeRobots.Api.Hosting;
using ByeByeRobots.Api.Http;
using ByeByeRobots.Core;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Storage;
using ByeByeRobots.Core.Tokens;
using ByeByeRobots.Core.Verification;
using Microsoft.AspNetCore.Http.HttpResults;

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

        VerifyRequestReader? verify;
        using (body)
        {
            verify = VerifyRequestReader.TryRead(body.Memory.Span, out problem);
        }

        if (verify is null)
        {
            return problem!;
        }

        if (verify.Id is not { } id || !IsChallengeId(id))
        {
            return Problems.Error(ErrorCodes.ChallengeUnknown, "id is missing or is not a challenge id.");
        }

        // Protocol section 3: a challenge is consumed by its first verify, whatever the outcome.
        var challenge = await services.Challenges.TakeAsync(id, cancellationToken);
        if (challenge is null)
        {
            return Problems.Error(ErrorCodes.ChallengeUnknown, "No such challenge: it never existed or was already used.");
        }

        return await DecideAsync(services, challenge, verify, OriginHost.Parse(request.Headers.Origin), HeadersOf(request), started, cancellationToken);
    }

    /// <summary>The headers a browser's fetch writes itself, for <see cref="RequestConsistency"/>.</summary>
    private static RequestHeaders HeadersOf(HttpRequest request)
    {
        var headers = request.Headers;
        var origin = headers.Origin.ToString();

        // Behind a TLS-terminating proxy the request reads as http; the page's own scheme tells (an
        // https page cannot call an http service), and loopback is trustworthy to browsers too.
        var secure = request.IsHttps || origin.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(request.Host.Host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address))
            || string.Equals(request.Host.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        return new RequestHeaders(
            headers.UserAgent.Count == 1 ? headers.UserAgent[0] : null,
            headers.AcceptLanguage.Count == 1 ? headers.AcceptLanguage[0] : null,
            Single(headers, "Sec-Fetch-Mode"),
            Single(headers, "Sec-Fetch-Dest"),
            Single(headers, "Sec-CH-UA"),
            Single(headers, "Sec-CH-UA-Mobile"),
            secure);
    }

    private static string? Single(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    /// <summary>
    /// Automation evidence of the signals (webdriver, untrusted input, the widget's probes), of the
    /// request's headers and of a replayed trajectory, less what the site switched off.
    /// </summary>
    private static async Task<Evidence> EvidenceAsync(VerifyServices services, SitePolicy site, Challenge challenge, InteractionSignals signals, RequestHeaders headers, CancellationToken cancellationToken)
    {
        var evidence = Evidence.From(signals).With(RequestConsistency.Check(signals.Env, headers));

        // A step-up's verify carries the same session's path again (and more): only first verifies
        // are compared and recorded. The widget sends the events of an ended verify only once.
        var window = services.ReplayOptions.Value.Window;
        if (window > TimeSpan.Zero && !challenge.IsStepUp && TrajectorySketch.Of(signals) is { } sketch)
        {
            try
            {
                if (await services.Trajectories.SeenBeforeAsync(site.SiteKey, sketch, window, cancellationToken))
                {
                    evidence = evidence.With(default(ReasonSet).With(ReasonCode.AutomationReplayed));
                }
            }
            catch (StoreUnavailableException exception)
            {
                // A person is not refused because the replay check could not run.
                Log.ReplayCheckSkipped(services.Logger, exception);
            }
        }

        var ignored = new ReasonSet(evidence.Automation.Bits & site.DisabledEvidence.Bits);
        if (!ignored.IsEmpty && services.Logger.IsEnabled(LogLevel.Information))
        {
            var fired = signals.Env.Probes.Fired();
            Log.EvidenceIgnored(services.Logger, site.SiteKey, challenge.Action, ignored, fired);
        }

        return evidence.Except(site.DisabledEvidence);
    }

    private static async Task<Results<Ok<VerifyResponse>, ProblemHttpResult>> DecideAsync(
        VerifyServices services,
        Challenge challenge,
        VerifyRequestReader request,
        string? host,
        RequestHeaders headers,
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

        // The proof of work is checked before the signals are read: it is the cheaper refusal.
        var solution = request.Pow;
        if (solution is null || !ProofOfWork.Verify(challenge.Algorithm, challenge.Salt, challenge.Difficulty, challenge.Iterations, solution, challenge.Puzzles))
        {
            return Problems.Error(ErrorCodes.PowInvalid, $"pow must be {challenge.Puzzles} integers solving the challenge's puzzles.");
        }

        if (!request.HasSignals)
        {
            return Problems.Error(ErrorCodes.SignalsInvalid, "signals is required (protocol section 5).");
        }

        if (request.Signals is not { } signals)
        {
            // More events than the protocol allows is a payload too large, with its status (413).
            return request.SignalsError == SignalsError.TooLarge
                ? Problems.Error(ErrorCodes.PayloadTooLarge, request.SignalsDetail, StatusCodes.Status413PayloadTooLarge)
                : Problems.Error(ErrorCodes.SignalsInvalid, request.SignalsDetail);
        }

        var result = services.Scorer.Score(signals);
        var evidence = await EvidenceAsync(services, site, challenge, signals, headers, cancellationToken);
        var decision = VerdictPolicy.Decide(evidence, result.Score, site.ThresholdsFor(challenge.Action), site, challenge);
        var verdict = decision.Verdict;
        var verdictName = Name(verdict);
        var className = Name(decision.Class);

        // Formatted only when the verdict is logged: no string work on the verify path otherwise.
        // The features on the verdict's side: why a pass looked human, why the others did not.
        var logged = services.Logger.IsEnabled(LogLevel.Information);
        var features = logged
            ? string.Join(", ", result.Contributions.Where(c => verdict == Verdict.Pass ? c.Effect >= 0 : c.Effect <= 0).Take(3).Select(c => c.ToString()))
            : string.Empty;
        var probes = logged ? signals.Env.Probes.Fired() : string.Empty;
        if (site.ShadowMode)
        {
            Log.ShadowVerdict(services.Logger, site.SiteKey, challenge.Action, verdictName, className, decision.Reasons, result.Score, services.Scorer.Name, features, probes);
            verdict = Verdict.Pass;
        }
        else
        {
            Log.Verdict(services.Logger, verdictName, className, site.SiteKey, challenge.Action, decision.Reasons, result.Score, services.Scorer.Name, challenge.StepUps, features, probes);
        }

        var actionTag = VerificationMetrics.ActionTag(site, challenge.Action);
        if (challenge.IsStepUp)
        {
            services.Metrics.StepUpAnswered(site.SiteKey, (now - (challenge.ExpiresAt - services.ChallengeOptions.Value.Lifetime)).TotalSeconds);
        }

        services.Metrics.Verified(site.SiteKey, actionTag, verdictName, className, decision.Reasons, challenge.StepUps, site.ShadowMode, result.Score, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (!challenge.IsStepUp)
        {
            services.Pressure.Count(site.SiteKey, suspect: decision.Verdict != Verdict.Pass || decision.Class == EvidenceClass.Automation);
        }

        switch (verdict)
        {
            case Verdict.Pass:
                if (!services.Occupancy.CanIssueTokens)
                {
                    // The embedded store could not record this token's use: refuse it rather than forget another's.
                    throw new StoreUnavailableException("The embedded store's used-token pool is full.");
                }

                var token = await services.IssueTokenAsync(challenge, decision, now, cancellationToken);
                return TypedResults.Ok(new VerifyResponse("pass", token.Token, token.ExpiresAt));
            case Verdict.StepUp:
                var extraBits = await services.Pressure.ExtraBitsAsync(site.SiteKey, cancellationToken);
                var stepUp = ChallengeFactory.CreateStepUp(site, challenge, decision, now, services.ChallengeOptions.Value.Lifetime, extraBits);
                await services.Challenges.SaveAsync(stepUp, cancellationToken);
                services.Metrics.ChallengeIssued(site.SiteKey, actionTag, stepUp: true, stepUp.Cost);
                return TypedResults.Ok(new VerifyResponse("step-up", Challenge: ChallengeEndpoints.ToResponse(stepUp, site)));
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

    private static string Name(EvidenceClass evidenceClass) => evidenceClass switch
    {
        EvidenceClass.Automation => "automation",
        EvidenceClass.NoInteraction => "no-interaction",
        _ => "behaviour",
    };

    private static bool IsChallengeId(string id) =>
        id.Length is >= 16 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>What a verify needs, resolved once per request.</summary>
internal sealed class VerifyServices(
    SiteRegistry sites,
    IChallengeStore challenges,
    IHumanityScorer scorer,
    TokenProtector tokens,
    ReloadableOptions<TokenOptions> tokenOptions,
    ReloadableOptions<ChallengeOptions> challengeOptions,
    VerificationMetrics metrics,
    AttackPressure pressure,
    IStoreEpoch epoch,
    IStoreOccupancy occupancy,
    ITrajectoryStore trajectories,
    ReloadableOptions<ReplayOptions> replayOptions,
    TimeProvider time,
    ILogger<VerifyServices> logger)
{
    public ITrajectoryStore Trajectories => trajectories;

    public ReloadableOptions<ReplayOptions> ReplayOptions => replayOptions;

    public SiteRegistry Sites => sites;

    public IChallengeStore Challenges => challenges;

    public IHumanityScorer Scorer => scorer;

    public ReloadableOptions<ChallengeOptions> ChallengeOptions => challengeOptions;

    public VerificationMetrics Metrics => metrics;

    public AttackPressure Pressure => pressure;

    public TimeProvider Time => time;

    public IStoreOccupancy Occupancy => occupancy;

    public ILogger Logger => logger;

    public async Task<(string Token, DateTime ExpiresAt)> IssueTokenAsync(Challenge challenge, Decision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expiresAt = Timestamps.ToWholeSeconds(now + tokenOptions.Value.Lifetime);
        var claims = new TokenClaims(
            TokenIds.New(), challenge.SiteKey, challenge.Action, challenge.Hostname, decision.Score, now, expiresAt, decision.SteppedUp, decision.Reasons,
            await epoch.CurrentAsync(cancellationToken));
        return (tokens.Protect(claims), expiresAt.UtcDateTime);
    }
}
