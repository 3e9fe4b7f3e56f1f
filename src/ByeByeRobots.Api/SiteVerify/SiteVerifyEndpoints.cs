using System.Text;
using System.Text.Json;
using ByeByeRobots.Api.Diagnostics;
using ByeByeRobots.Api.Http;
using ByeByeRobots.Core;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Storage;
using ByeByeRobots.Core.Tokens;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace ByeByeRobots.Api.SiteVerify;

/// <summary>
/// <c>POST /v1/siteverify</c>: a procedure backend asks whether a token is good, in the shape
/// of Cloudflare Turnstile and reCAPTCHA v3 so their client code works unchanged. Every answer
/// is a 200 with <c>success</c> and <c>error-codes</c>, as theirs are: client code that raises
/// on a non-2xx status still reads a refusal, and a store outage is <c>internal-error</c>
/// (retryable, with Retry-After).
/// </summary>
internal static partial class SiteVerifyEndpoints
{
    public const string Path = "/v1/siteverify";
    public const int MaximumBodyBytes = 16 * 1024;
    public const int MaximumIdempotencyKeyLength = 255;
    private static readonly string[] FieldNames = ["secret", "response", "remoteip", "idempotency_key", "sitekey", "profile"];

    /// <summary>
    /// Set among the fields when the secret came from the query string. A body can send the name too
    /// (<c>%00secret-in-query</c>), which only gets its own call refused: it cannot allow anything.
    /// </summary>
    private const string QuerySecretMarker = "\0secret-in-query";

    /// <summary>The site tag of a call whose secret named no site (yet): a caller must not mint time series.</summary>
    private const string UnknownSite = "unknown";

    public static RouteGroupBuilder MapSiteVerifyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Backend").WithNoStore();
        group.MapPost(Path["/v1".Length..], SiteVerifyAsync)
            .WithName("SiteVerify")
            .WithSummary("Checks a token once: form-encoded or JSON secret, response, optional remoteip and idempotency_key.")
            .Accepts<SiteVerifyRequest>("application/x-www-form-urlencoded", "application/json", "multipart/form-data", "*/*")
            .Produces<SiteVerifyResponse>()
            .DisableAntiforgery();
        return group;
    }

    internal static async Task<Results<JsonHttpResult<SiteVerifyResponse>, ContentHttpResult>> SiteVerifyAsync(
        HttpContext context,
        SiteRegistry sites,
        TokenProtector tokens,
        ITokenRedemptionStore redemptions,
        TimeProvider time,
        VerificationMetrics metrics,
        StoreErrorLog storeErrors,
        ILogger<SiteVerifyRequest> logger,
        CancellationToken cancellationToken)
    {
        var fields = await ReadFieldsAsync(context, cancellationToken);
        if (fields is null)
        {
            return Answer(metrics, UnknownSite, SiteVerifyResponse.Failure("bad-request"));
        }

        fields.TryGetValue("secret", out var secret);
        fields.TryGetValue("response", out var response);
        fields.TryGetValue("idempotency_key", out var idempotencyKey);
        fields.TryGetValue("sitekey", out var siteKeyField);
        idempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey;
        if (string.IsNullOrEmpty(secret))
        {
            return Answer(metrics, UnknownSite, SiteVerifyResponse.Failure("missing-input-secret"));
        }

        if (!sites.IsKnownSecret(secret))
        {
            return Answer(metrics, UnknownSite, SiteVerifyResponse.Failure("invalid-input-secret"));
        }

        if (string.IsNullOrEmpty(response))
        {
            return Answer(metrics, UnknownSite, SiteVerifyResponse.Failure("missing-input-response"));
        }

        if (idempotencyKey is { Length: > MaximumIdempotencyKeyLength })
        {
            return Answer(metrics, UnknownSite, SiteVerifyResponse.Failure("bad-request"));
        }

        // A token of another site is as good as no token: the secret must be the token's site's.
        if (!tokens.TryUnprotect(response, out var claims) || !sites.TryGet(claims.SiteKey, out var site) || !SiteRegistry.SecretMatches(site, secret))
        {
            return Answer(metrics, UnknownSite, SiteVerifyResponse.Failure("invalid-input-response"));
        }

        // A secret in the URL lands in proxy logs: only for a site that asked for reCAPTCHA's leniency.
        if (fields.ContainsKey(QuerySecretMarker) && !site.AllowsSecretInQuery)
        {
            LogSecretInQuery(logger, site.SiteKey);
            return Answer(metrics, site.SiteKey, SiteVerifyResponse.Failure("missing-input-secret"));
        }

        // From here the site is known, and its answers take its profile's shape, unless the
        // caller names one (an addition to the protocol: ByeByeRobots' own clients ask for the default).
        fields.TryGetValue("profile", out var profileField);
        var profile = profileField switch
        {
            "default" => SiteVerifyProfile.Default,
            "hcaptcha" => SiteVerifyProfile.HCaptcha,
            _ => site.SiteVerifyProfile,
        };
        var hcaptcha = profile == SiteVerifyProfile.HCaptcha;
        if (hcaptcha && !string.IsNullOrEmpty(siteKeyField) && !string.Equals(siteKeyField, claims.SiteKey, StringComparison.Ordinal))
        {
            return Answer(metrics, site.SiteKey, SiteVerifyResponse.Failure("sitekey-secret-mismatch"), profile);
        }

        var now = time.GetUtcNow();
        if (now >= claims.ExpiresAt)
        {
            return Answer(metrics, site.SiteKey, SiteVerifyResponse.Failure(hcaptcha ? "expired-input-response" : "timeout-or-duplicate"), profile);
        }

        var success = new SiteVerifyResponse(
            true, Core.Timestamps.ToWholeSeconds(claims.IssuedAt).UtcDateTime, claims.Hostname, claims.Action, Math.Round(claims.Score, 2), [],
            claims.SteppedUp, claims.Reasons.Codes());
        var answer = Serialize(success, profile);
        Redemption redemption;
        try
        {
            redemption = await redemptions.RedeemAsync(claims.Id, claims.Epoch, idempotencyKey, answer, claims.ExpiresAt - now, cancellationToken);
        }
        catch (StoreUnavailableException exception)
        {
            storeErrors.Report(exception);
            context.Response.Headers.RetryAfter = "1";
            return Answer(metrics, site.SiteKey, SiteVerifyResponse.Failure("internal-error"), profile);
        }

        if (redemption.OtherEpoch)
        {
            // Issued before the store lost its data: it may have been used, and nothing says otherwise.
            metrics.SiteVerified(site.SiteKey, "other-epoch");
            return Answer(metrics, site.SiteKey, SiteVerifyResponse.Failure(hcaptcha ? "already-seen-response" : "timeout-or-duplicate"), profile, counted: true);
        }

        if (redemption.IsFirst)
        {
            // The answer was serialized once, for the idempotency record: sent as it is.
            metrics.SiteVerified(site.SiteKey, "success");
            return TypedResults.Text(answer, "application/json", Encoding.UTF8);
        }

        if (redemption.Replay is not null)
        {
            metrics.SiteVerified(site.SiteKey, "idempotent-replay");
            return TypedResults.Text(redemption.Replay, "application/json", Encoding.UTF8);
        }

        return Answer(metrics, site.SiteKey, SiteVerifyResponse.Failure(hcaptcha ? "already-seen-response" : "timeout-or-duplicate"), profile);
    }

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "siteverify for site {SiteKey} sent its secret in the query string, where proxies log it; refused (missing-input-secret). Send it in the body, or set the site's Compatibility:SecretInQueryString, and rotate the secret.")]
    private static partial void LogSecretInQuery(ILogger logger, string siteKey);

    private static Results<JsonHttpResult<SiteVerifyResponse>, ContentHttpResult> Answer(VerificationMetrics metrics, string siteKey, SiteVerifyResponse response, SiteVerifyProfile profile = SiteVerifyProfile.Default, bool counted = false)
    {
        if (!counted)
        {
            metrics.SiteVerified(siteKey, response.Success ? "success" : response.ErrorCodes[0]);
        }

        return profile == SiteVerifyProfile.Default
            ? TypedResults.Json(response, ApiJsonContext.Default.SiteVerifyResponse)
            : TypedResults.Text(Serialize(response, profile), "application/json", Encoding.UTF8);
    }

    /// <summary>
    /// An answer in the site's profile. hCaptcha's <c>score</c> is a risk, higher for bots, so it is
    /// 1 - humanity; it has no <c>action</c>, and <c>credit</c> is always false.
    /// </summary>
    private static string Serialize(SiteVerifyResponse response, SiteVerifyProfile profile) => profile switch
    {
        SiteVerifyProfile.HCaptcha => JsonSerializer.Serialize(
            new HCaptchaSiteVerifyResponse(
                response.Success, response.ChallengeTs, response.Hostname, response.Success ? false : null,
                response.Score is { } score ? Math.Round(1 - score, 2) : null, response.Success ? response.Reasons ?? [] : null, response.ErrorCodes),
            ApiJsonContext.Default.HCaptchaSiteVerifyResponse),
        _ => JsonSerializer.Serialize(response, ApiJsonContext.Default.SiteVerifyResponse),
    };

    /// <summary>
    /// The request's fields from a form-encoded, multipart or JSON body, completed from the query
    /// string as reCAPTCHA allows; null when the body is malformed, too large, or a field is not a string.
    /// </summary>
    private static async Task<Dictionary<string, string>?> ReadFieldsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var fields = await ReadBodyFieldsAsync(context, cancellationToken);
        if (fields is not null)
        {
            foreach (var name in FieldNames)
            {
                if (!fields.ContainsKey(name) && context.Request.Query.TryGetValue(name, out var value))
                {
                    fields[name] = value.ToString();
                    if (name == "secret")
                    {
                        fields[QuerySecretMarker] = "";
                    }
                }
            }
        }

        return fields;
    }

    private static async Task<Dictionary<string, string>?> ReadBodyFieldsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType && request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            if (request.ContentLength > MaximumBodyBytes || context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } limit)
            {
                return null;
            }

            limit.MaxRequestBodySize = MaximumBodyBytes;
            try
            {
                var form = await request.ReadFormAsync(cancellationToken);
                foreach (var (key, value) in form)
                {
                    fields[key] = value.ToString();
                }

                return fields;
            }
            catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
            {
                return null;
            }
        }

        var (body, _) = await RequestBody.ReadAsync(request, MaximumBodyBytes, cancellationToken);
        if (body is null)
        {
            return null;
        }

        using (body)
        {
            var isJson = request.HasJsonContentType() || (!request.HasFormContentType && FirstNonWhitespace(body.Memory.Span) == '{');
            return isJson ? ReadJsonFields(body, fields) : ReadFormFields(body, fields);
        }
    }

    private static Dictionary<string, string>? ReadJsonFields(RequestBody body, Dictionary<string, string> fields)
    {
        if (!body.TryParseObject(out var document, out _))
        {
            return null;
        }

        using (document)
        {
            foreach (var name in FieldNames)
            {
                if (!document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (!JsonText.TryGetString(value, out var text))
                {
                    return null;
                }

                fields[name] = text;
            }
        }

        return fields;
    }

    private static Dictionary<string, string> ReadFormFields(RequestBody body, Dictionary<string, string> fields)
    {
        foreach (var (key, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Memory.Span)))
        {
            fields[key] = value.ToString();
        }

        return fields;
    }

    private static char FirstNonWhitespace(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!char.IsWhiteSpace((char)b))
            {
                return (char)b;
            }
        }

        return '\0';
    }
}
