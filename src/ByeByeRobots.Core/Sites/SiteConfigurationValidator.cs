using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ByeByeRobots.Core.Challenges;

namespace ByeByeRobots.Core.Sites;

/// <summary>
/// Turns the bound <see cref="SitesOptions"/> into validated <see cref="SitePolicy"/> objects,
/// or explains, key by key, why the configuration cannot be used.
/// </summary>
public static partial class SiteConfigurationValidator
{
    public const int MinimumSecretLength = 32;
    public const int MaximumDifficulty = 32;
    public const int MaximumPuzzles = 64;
    public const int MaximumIterations = 100_000;

    /// <summary>
    /// A right answer costs the service <c>puzzles · iterations</c> PBKDF2 iterations; above this
    /// (about 3 ms of one core) one verify would cost more than a challenge is worth.
    /// </summary>
    public const int MaximumVerifyIterations = 10_000;

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex SiteKeyRegex();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}\z")]
    internal static partial Regex ActionRegex();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex FieldNameRegex();

    public static bool IsValidAction(string action) => ActionRegex().IsMatch(action);

    public static IReadOnlyList<string> Validate(SitesOptions options, out FrozenDictionary<string, SitePolicy> sites)
    {
        var errors = new List<string>();
        var policies = new Dictionary<string, SitePolicy>(StringComparer.Ordinal);
        foreach (var (siteKey, site) in options.Sites)
        {
            var prefix = $"ByeByeRobots:Sites:{siteKey}";
            if (!SiteKeyRegex().IsMatch(siteKey))
            {
                errors.Add($"{prefix}: a site key is 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'.");
            }

            if (site.Secret.Length < MinimumSecretLength)
            {
                errors.Add($"{prefix}:Secret must be at least {MinimumSecretLength} characters (it has {site.Secret.Length}).");
            }

            var patterns = new List<HostnamePattern>();
            foreach (var hostname in site.Hostnames)
            {
                if (HostnamePattern.TryParse(hostname, out var pattern))
                {
                    patterns.Add(pattern);
                }
                else
                {
                    errors.Add($"{prefix}:Hostnames: '{hostname}' is not a hostname or a '*.domain' wildcard.");
                }
            }

            if (site.Hostnames.Count == 0)
            {
                errors.Add($"{prefix}:Hostnames is required (at least one hostname).");
            }

            var siteThresholds = new Thresholds(site.PassScore, site.StepUpScore);
            ValidateThresholds(prefix, siteThresholds, errors);

            var actions = new Dictionary<string, Thresholds>(StringComparer.Ordinal);
            foreach (var (action, overrides) in site.Actions)
            {
                var actionPrefix = $"{prefix}:Actions:{action}";
                if (!IsValidAction(action))
                {
                    errors.Add($"{actionPrefix}: an action is 1 to 32 characters of A-Z, a-z, 0-9, '_' or '-'.");
                }

                var thresholds = new Thresholds(
                    overrides.PassScore ?? site.PassScore,
                    overrides.StepUpScore ?? site.StepUpScore);
                ValidateThresholds(actionPrefix, thresholds, errors);
                actions[action] = thresholds;
            }

            var pow = ValidatePow(prefix, site.Pow, errors);
            var onAutomation = Verification.AutomationResponse.Fail;
            if (site.OnAutomation is not ("fail" or "step-up"))
            {
                errors.Add($"{prefix}:OnAutomation must be 'fail' or 'step-up' (it is '{site.OnAutomation}').");
            }
            else if (site.OnAutomation == "step-up")
            {
                onAutomation = Verification.AutomationResponse.StepUp;
            }

            var disabled = default(Verification.ReasonSet);
            foreach (var code in site.DisabledEvidence)
            {
                var reason = Verification.Reasons.All.FirstOrDefault(r => r.Code == code && r.Class == Verification.EvidenceClass.Automation);
                if (reason is null)
                {
                    errors.Add($"{prefix}:DisabledEvidence: '{code}' is not an automation reason code ({string.Join(", ", Verification.Reasons.All.Where(r => r.Class == Verification.EvidenceClass.Automation).Select(r => r.Code))}).");
                }
                else
                {
                    disabled = disabled.With(reason.Reason);
                }
            }

            foreach (var field in site.Compatibility.ResponseFields)
            {
                if (!FieldNameRegex().IsMatch(field ?? "") || field == "bbr-response")
                {
                    errors.Add($"{prefix}:Compatibility:ResponseFields: '{field}' is not a form field name (1 to 64 characters of A-Z, a-z, 0-9, '_' or '-', not bbr-response).");
                }
            }

            var profile = SiteVerifyProfile.Default;
            if (site.Compatibility.SiteVerifyProfile is { } profileName
                && (!Enum.GetNames<SiteVerifyProfile>().Contains(profileName, StringComparer.OrdinalIgnoreCase) || !Enum.TryParse(profileName, ignoreCase: true, out profile)))
            {
                errors.Add($"{prefix}:Compatibility:SiteVerifyProfile must be 'default' or 'hcaptcha' (it is '{profileName}').");
            }

            policies[siteKey] = new SitePolicy(
                siteKey,
                SHA256.HashData(Encoding.UTF8.GetBytes(site.Secret)),
                patterns,
                siteThresholds,
                actions.ToFrozenDictionary(StringComparer.Ordinal),
                pow,
                site.ShadowMode,
                [.. site.Compatibility.ResponseFields.Distinct(StringComparer.Ordinal)],
                profile)
            {
                RefuseOnBehaviour = site.RefuseOnBehaviour,
                AllowsSecretInQuery = site.Compatibility.SecretInQueryString,
                OnAutomation = onAutomation,
                DisabledEvidence = disabled,
            };
        }

        sites = policies.ToFrozenDictionary(StringComparer.Ordinal);
        return errors;
    }

    private static void ValidateThresholds(string prefix, Thresholds thresholds, List<string> errors)
    {
        if (!IsProbability(thresholds.PassScore))
        {
            errors.Add($"{prefix}:PassScore must be in [0, 1] (it is {thresholds.PassScore}).");
        }

        if (!IsProbability(thresholds.StepUpScore))
        {
            errors.Add($"{prefix}:StepUpScore must be in [0, 1] (it is {thresholds.StepUpScore}).");
        }
        else if (thresholds.StepUpScore > thresholds.PassScore)
        {
            errors.Add($"{prefix}:StepUpScore ({thresholds.StepUpScore}) must not be above PassScore ({thresholds.PassScore}).");
        }
    }

    private static PowPolicy ValidatePow(string prefix, PowOptions options, List<string> errors)
    {
        var algorithm = PowAlgorithm.Pbkdf2Sha256Lzb;
        if (options.Algorithm is { } name && !PowAlgorithms.TryParse(name, out algorithm))
        {
            errors.Add($"{prefix}:Pow:Algorithm must be '{PowAlgorithms.Pbkdf2Sha256LzbName}' or '{PowAlgorithms.Sha256LzbName}' (it is '{name}').");
        }

        var pow = PowDefaults.Resolve(options, algorithm);
        foreach (var (key, value) in (ReadOnlySpan<(string, int)>)[("Difficulty", pow.Difficulty), ("StepUpDifficulty", pow.StepUpDifficulty), ("MaxStepUpDifficulty", pow.MaxStepUpDifficulty)])
        {
            if (value is < 0 or > MaximumDifficulty)
            {
                errors.Add($"{prefix}:Pow:{key} must be in [0, {MaximumDifficulty}] (it is {value}).");
            }
        }

        if (pow.StepUpDifficulty < pow.Difficulty || pow.MaxStepUpDifficulty < pow.StepUpDifficulty)
        {
            errors.Add($"{prefix}:Pow: Difficulty ({pow.Difficulty}) <= StepUpDifficulty ({pow.StepUpDifficulty}) <= MaxStepUpDifficulty ({pow.MaxStepUpDifficulty}) must hold: a step-up never costs less than the challenge before it.");
        }

        if (pow.Puzzles is < 1 or > MaximumPuzzles)
        {
            errors.Add($"{prefix}:Pow:Puzzles must be in [1, {MaximumPuzzles}] (it is {pow.Puzzles}).");
        }

        if (pow.Iterations is < 1 or > MaximumIterations)
        {
            errors.Add($"{prefix}:Pow:Iterations must be in [1, {MaximumIterations}] (it is {pow.Iterations}).");
        }
        else if (algorithm == PowAlgorithm.Pbkdf2Sha256Lzb && (long)pow.Puzzles * pow.Iterations > MaximumVerifyIterations)
        {
            errors.Add($"{prefix}:Pow: Puzzles x Iterations ({pow.Puzzles} x {pow.Iterations}) must be at most {MaximumVerifyIterations}: it is what one verify costs the service.");
        }

        return pow;
    }

    private static bool IsProbability(double value) => value is >= 0 and <= 1;
}
