using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using ByeByeRobots.Core.Challenges;

namespace ByeByeRobots.Core.Sites;

/// <summary>What a test site key answers, whatever the signals.</summary>
public enum TestVerdict
{
    Pass,
    Fail,
    StepUp,
}

/// <summary>Turns the test site keys on; registered in Development only.</summary>
public sealed class TestSiteSwitch(bool enabled)
{
    public bool Enabled => enabled;
}

/// <summary>
/// The test site keys of protocol section 1, like Turnstile's: in Development only, for the
/// end-to-end tests of procedures, whose automated browsers a real key refuses. Any hostname,
/// a proof of work solved at once, and a verdict fixed in advance: always pass, always fail, or
/// always a step-up first (then a pass). Their secrets are public: never a real site's.
/// </summary>
public static class TestSites
{
    public const string AlwaysPassKey = "bbr-test-always-pass";
    public const string AlwaysPassSecret = "bbr-test-secret-always-pass-0000000000000";
    public const string AlwaysFailKey = "bbr-test-always-fail";
    public const string AlwaysFailSecret = "bbr-test-secret-always-fail-0000000000000";
    public const string AlwaysStepUpKey = "bbr-test-always-step-up";
    public const string AlwaysStepUpSecret = "bbr-test-secret-always-step-up-0000000000";

    public static IEnumerable<SitePolicy> Create()
    {
        yield return Site(AlwaysPassKey, AlwaysPassSecret, TestVerdict.Pass);
        yield return Site(AlwaysFailKey, AlwaysFailSecret, TestVerdict.Fail);
        yield return Site(AlwaysStepUpKey, AlwaysStepUpSecret, TestVerdict.StepUp);
    }

    private static SitePolicy Site(string siteKey, string secret, TestVerdict verdict) =>
        new(
            siteKey,
            SHA256.HashData(Encoding.UTF8.GetBytes(secret)),
            [HostnamePattern.Any],
            new Thresholds(0.5, 0.2),
            FrozenDictionary<string, Thresholds>.Empty,
            new PowPolicy(PowAlgorithm.Pbkdf2Sha256Lzb, 1, 1, 2, 2, 1),
            shadowMode: false)
        {
            TestVerdict = verdict,
        };
}
