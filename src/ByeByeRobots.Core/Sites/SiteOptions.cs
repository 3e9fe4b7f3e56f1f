namespace ByeByeRobots.Core.Sites;

/// <summary>Root of the per-site configuration, bound from <c>ByeByeRobots:Sites</c>.</summary>
public sealed class SitesOptions
{
    public const string SectionName = "ByeByeRobots";

    public Dictionary<string, SiteOptions> Sites { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One site, keyed by its public site key (protocol section 1).</summary>
public sealed class SiteOptions
{
    public string Secret { get; set; } = "";

    public List<string> Hostnames { get; set; } = [];

    // Calibrated for people: the highest score at which at least 97 % of the cross-validated DELBOT people
    // pass at once in every one of five training seeds (docs/model-evaluation/README.md).
    public double PassScore { get; set; } = 0.47;

    public double StepUpScore { get; set; } = 0.2;

    /// <summary>When true, a score below <c>StepUpScore</c> fails instead of the costly step-up (off by default).</summary>
    public bool RefuseOnBehaviour { get; set; }

    /// <summary>What automation evidence gets: <c>fail</c> (the default) or <c>step-up</c>.</summary>
    public string OnAutomation { get; set; } = "fail";

    /// <summary>
    /// Automation reason codes this site does not act on (docs/reasons.md, docs/probes.md), for a
    /// probe that misfires in the field: for example <c>["automation-synthetic-input"]</c>.
    /// </summary>
    public List<string> DisabledEvidence { get; set; } = [];

    public Dictionary<string, ActionOptions> Actions { get; set; } = new(StringComparer.Ordinal);

    public PowOptions Pow { get; set; } = new();

    public bool ShadowMode { get; set; }

    public CompatibilityOptions Compatibility { get; set; } = new();
}

/// <summary>
/// For backends written for another CAPTCHA: extra form fields the widget fills with the token
/// (<c>g-recaptcha-response</c>, <c>cf-turnstile-response</c>, <c>h-captcha-response</c>) and
/// the shape of <c>/v1/siteverify</c>'s answer (<c>default</c>: Turnstile/reCAPTCHA v3;
/// <c>hcaptcha</c>: hCaptcha's).
/// </summary>
public sealed class CompatibilityOptions
{
    public List<string> ResponseFields { get; set; } = [];

    public string SiteVerifyProfile { get; set; } = "default";

    /// <summary>
    /// Accept the secret in siteverify's query string, as reCAPTCHA does (off by default): a URL
    /// lands in proxy and server logs, so the secret with it. Turn on only for a backend that
    /// cannot be changed, and rotate the secret once it can.
    /// </summary>
    public bool SecretInQueryString { get; set; }
}

/// <summary>Per-action threshold overrides; a missing value falls back to the site's.</summary>
public sealed class ActionOptions
{
    public double? PassScore { get; set; }

    public double? StepUpScore { get; set; }
}

/// <summary>
/// The proof of work of a site (protocol sections 1 and 2). Unset values take the calibrated
/// defaults of <see cref="PowDefaults"/> for the algorithm; an unset step-up difficulty is two bits
/// (four times the work) above the one before it.
/// </summary>
public sealed class PowOptions
{
    /// <summary><c>pbkdf2-sha256-lzb</c> (the default) or <c>sha256-lzb</c>.</summary>
    public string? Algorithm { get; set; }

    public int? Difficulty { get; set; }

    /// <summary>PBKDF2 iterations per attempt (<c>pbkdf2-sha256-lzb</c> only).</summary>
    public int? Iterations { get; set; }

    public int? StepUpDifficulty { get; set; }

    public int? MaxStepUpDifficulty { get; set; }

    public int? Puzzles { get; set; }
}
