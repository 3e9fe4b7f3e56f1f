using System.Collections.Frozen;

namespace ByeByeRobots.Core.Sites;

/// <summary>Score thresholds that apply to one site and action.</summary>
public readonly record struct Thresholds(double PassScore, double StepUpScore);

/// <summary>The shape of a site's <c>/v1/siteverify</c> answers.</summary>
public enum SiteVerifyProfile
{
    /// <summary>Cloudflare Turnstile and reCAPTCHA v3 (protocol section 4).</summary>
    Default,

    /// <summary>hCaptcha: <c>credit</c>, a risk <c>score</c> (higher is riskier), its error codes.</summary>
    HCaptcha,
}

/// <summary>A validated, immutable view of one site's configuration.</summary>
public sealed class SitePolicy
{
    internal SitePolicy(
        string siteKey,
        byte[] secretHash,
        IReadOnlyList<HostnamePattern> hostnames,
        Thresholds thresholds,
        FrozenDictionary<string, Thresholds> actions,
        PowPolicy pow,
        bool shadowMode,
        IReadOnlyList<string>? responseFields = null,
        SiteVerifyProfile siteVerifyProfile = SiteVerifyProfile.Default)
    {
        ResponseFields = responseFields ?? [];
        SiteVerifyProfile = siteVerifyProfile;
        SiteKey = siteKey;
        SecretHash = secretHash;
        Hostnames = hostnames;
        SiteThresholds = thresholds;
        ActionThresholds = actions;
        Pow = pow;
        ShadowMode = shadowMode;
    }

    public string SiteKey { get; }

    /// <summary>SHA-256 of the backend secret; the secret itself is not kept.</summary>
    internal byte[] SecretHash { get; }

    public IReadOnlyList<HostnamePattern> Hostnames { get; }

    public Thresholds SiteThresholds { get; }

    public FrozenDictionary<string, Thresholds> ActionThresholds { get; }

    /// <summary>The proof of work, every default resolved.</summary>
    public PowPolicy Pow { get; }

    public bool ShadowMode { get; }

    /// <summary>A score below <c>StepUpScore</c> fails instead of the costly step-up.</summary>
    public bool RefuseOnBehaviour { get; init; }

    /// <summary>A test site key's fixed verdict (<see cref="TestSites"/>); null for every real site.</summary>
    public TestVerdict? TestVerdict { get; init; }

    /// <summary>siteverify may read this site's secret from the query string (reCAPTCHA allows it; proxies log it).</summary>
    public bool AllowsSecretInQuery { get; init; }

    /// <summary>Automation reasons this site does not act on (<c>DisabledEvidence</c>).</summary>
    public Verification.ReasonSet DisabledEvidence { get; init; }

    /// <summary>What automation evidence gets.</summary>
    public Verification.AutomationResponse OnAutomation { get; init; }

    /// <summary>Form fields the widget fills with the token besides <c>bbr-response</c>.</summary>
    public IReadOnlyList<string> ResponseFields { get; }

    /// <summary>The shape of this site's <c>/v1/siteverify</c> answers.</summary>
    public SiteVerifyProfile SiteVerifyProfile { get; }

    public Thresholds ThresholdsFor(string action) =>
        ActionThresholds.TryGetValue(action, out var thresholds) ? thresholds : SiteThresholds;

    public bool AllowsHost(string host)
    {
        foreach (var pattern in Hostnames)
        {
            if (pattern.Matches(host))
            {
                return true;
            }
        }

        return false;
    }
}
