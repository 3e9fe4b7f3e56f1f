using ByeByeRobots.Api.Challenges;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Verification;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ByeByeRobots.Api.Diagnostics;

/// <summary>The service's one <see cref="Meter"/>: what the security team watches.</summary>
internal sealed class VerificationMetrics
{
    public const string MeterName = "ByeByeRobots";

    private readonly Histogram<double> _verifyDuration;
    private readonly Histogram<double> _scores;
    private readonly Counter<long> _verdicts;
    private readonly Counter<long> _reasons;
    private readonly Counter<long> _siteVerifications;
    private readonly Counter<long> _storeErrors;
    private readonly Counter<long> _challenges;
    private readonly Histogram<double> _stepUpWait;

    public VerificationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _verifyDuration = meter.CreateHistogram<double>("byebyerobots.verify.duration", "ms", "Time to answer /v1/verify.");
        _scores = meter.CreateHistogram<double>("byebyerobots.verify.score", null, "Humanity scores given at /v1/verify.");
        _verdicts = meter.CreateCounter<long>("byebyerobots.verify.verdicts", "{verdict}", "Verdicts given, by site, action, outcome, evidence class and whether the verify answered a step-up.");
        _reasons = meter.CreateCounter<long>("byebyerobots.verify.reasons", "{reason}", "Reason codes of verdicts given, by site and reason (docs/reasons.md).");
        _siteVerifications = meter.CreateCounter<long>("byebyerobots.siteverify.results", "{call}", "Results of /v1/siteverify, by site (unknown until the secret names one) and outcome.");
        _challenges = meter.CreateCounter<long>("byebyerobots.challenge.issued", "{challenge}", "Challenges issued, by site, action, whether a step-up gave it, and its cost in bits of work (the configured difficulty, plus bits added under attack).");
        _stepUpWait = meter.CreateHistogram<double>("byebyerobots.step_up.wait", "s", "From a step-up challenge's issue to its verify, to within a second: what a person waited for the harder proof of work.");
        _storeErrors = meter.CreateCounter<long>("byebyerobots.store.errors", "{error}", "Requests answered 503 store-unavailable (or internal-error at siteverify) because the store did not answer.");
    }

    public void Verified(string siteKey, string action, string verdict, string evidenceClass, ReasonSet reasons, int stepUps, bool shadow, double score, double milliseconds)
    {
        var tags = new TagList { { "site", siteKey }, { "action", action }, { "verdict", verdict }, { "class", evidenceClass }, { "step_up", stepUps > 0 }, { "shadow", shadow } };
        _verdicts.Add(1, tags);
        _scores.Record(score, new TagList { { "site", siteKey }, { "action", action }, { "verdict", verdict }, { "step_up", stepUps > 0 }, { "shadow", shadow } });
        if (!reasons.IsEmpty)
        {
            foreach (var code in reasons.Codes())
            {
                _reasons.Add(1, new KeyValuePair<string, object?>("site", siteKey), new KeyValuePair<string, object?>("reason", code));
            }
        }

        _verifyDuration.Record(milliseconds, new KeyValuePair<string, object?>("verdict", verdict));
    }

    /// <summary>The action as a metric tag: a configured one, or <c>other</c>; a client must not mint time series.</summary>
    public static string ActionTag(SitePolicy site, string action) =>
        action == ChallengeEndpoints.DefaultAction || site.ActionThresholds.ContainsKey(action) ? action : "other";

    public void StoreError() => _storeErrors.Add(1);

    public void SiteVerified(string siteKey, string outcome) =>
        _siteVerifications.Add(1, new KeyValuePair<string, object?>("site", siteKey), new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="action">A configured action, or <c>other</c>: a client must not mint time series.</param>
    public void ChallengeIssued(string siteKey, string action, bool stepUp, int cost) =>
        _challenges.Add(1, new TagList { { "site", siteKey }, { "action", action }, { "step_up", stepUp }, { "cost", cost } });

    public void StepUpAnswered(string siteKey, double seconds) =>
        _stepUpWait.Record(seconds, new KeyValuePair<string, object?>("site", siteKey));
}
