using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Api.Diagnostics;

/// <summary>The service's log events. No secret, token, address or signal content is logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Verdict {Verdict} ({EvidenceClass}) for site {SiteKey} action {Action}: reasons [{Reasons}], score {Score:F3} by {Scorer}, step-ups before {StepUps}, features {Features}; probes [{Probes}].")]
    public static partial void Verdict(ILogger logger, string verdict, string evidenceClass, string siteKey, string action, ReasonSet reasons, double score, string scorer, int stepUps, string features, string probes);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Shadow mode: site {SiteKey} action {Action} would have given {Verdict} ({EvidenceClass}, reasons [{Reasons}], score {Score:F3} by {Scorer}, features {Features}, probes [{Probes}]); passed.")]
    public static partial void ShadowVerdict(ILogger logger, string siteKey, string action, string verdict, string evidenceClass, ReasonSet reasons, double score, string scorer, string features, string probes);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The store is unavailable; answered 503 (and {Skipped} more not logged in the second before).")]
    public static partial void StoreUnavailable(ILogger logger, long skipped, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "No token key configured: generated an ephemeral one for Development. Tokens will not survive a restart; configure ByeByeRobots:Token:SigningKeys for anything else.")]
    public static partial void EphemeralTokenKey(ILogger logger);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Unhandled error while answering {Path}.")]
    public static partial void Unhandled(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information,
        Message = "Site {SiteKey} action {Action}: evidence [{Ignored}] seen but switched off by the site's DisabledEvidence; probes fired [{Probes}].")]
    public static partial void EvidenceIgnored(ILogger logger, string siteKey, string action, ReasonSet ignored, string probes);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "The replay check was skipped: the trajectory store did not answer.")]
    public static partial void ReplayCheckSkipped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Change of {Section} rejected, the previous settings stay in force: {Errors}")]
    public static partial void SettingsChangeRejected(ILogger logger, string section, string errors);
}
