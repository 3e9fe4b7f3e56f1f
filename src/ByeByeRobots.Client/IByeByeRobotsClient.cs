namespace ByeByeRobots.Client;

/// <summary>Checks the tokens the widget puts in procedure forms.</summary>
public interface IByeByeRobotsClient
{
    /// <summary>
    /// Checks <paramref name="token"/> once with the service (a token is good exactly once), then
    /// the expected action and the configured hostnames.
    /// </summary>
    /// <param name="token">The form's <c>bbr-response</c> field (null or empty: <c>missing-input-response</c>, no call is made).</param>
    /// <param name="remoteIp">The citizen's address, for the service's records; optional.</param>
    /// <param name="expectedAction">The action this endpoint expects (e.g. <c>login</c>); null: any.</param>
    /// <param name="cancellationToken">Cancels the whole verification.</param>
    Task<VerificationResult> VerifyAsync(string? token, string? remoteIp = null, string? expectedAction = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks <paramref name="token"/> once with the service, then what <paramref name="requirement"/>
    /// asks: the action, a minimum score (<c>score-too-low</c>), no step-up (<c>stepped-up-refused</c>),
    /// and the configured hostnames.
    /// </summary>
    Task<VerificationResult> VerifyAsync(string? token, HumanRequirement requirement, string? remoteIp = null, CancellationToken cancellationToken = default);
}
