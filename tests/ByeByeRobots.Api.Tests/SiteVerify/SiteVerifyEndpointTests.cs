using ByeByeRobots.Testing;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ByeByeRobots.Api.Tests.SiteVerify;

public class SiteVerifyEndpointTests
{
    [Fact]
    public async Task Json_Succeeds_LikeForm()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();

        var (status, answer) = await host.Backend().SiteVerifyJsonAsync(new { secret = ServiceHost.Secret, response = token, remoteip = "203.0.113.7" });

        status.Should().Be(HttpStatusCode.OK);
        answer["success"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Multipart_AsSentByFetchWithFormData_Succeeds()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();
        using var form = new MultipartFormDataContent { { new StringContent(ServiceHost.Secret), "secret" }, { new StringContent(token), "response" } };

        using var response = await host.CreateClient().PostAsync("/v1/siteverify", form);

        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["success"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Token_IsGoodExactlyOnce()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();
        var backend = host.Backend();

        var (_, first) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, token);
        var (status, second) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, token);

        first["success"]!.GetValue<bool>().Should().BeTrue();
        status.Should().Be(HttpStatusCode.OK);
        second.ToJsonString().Should().Be("""{"success":false,"error-codes":["timeout-or-duplicate"]}""");
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("embedded")]
    public async Task TwoHundredConcurrentSiteverifiesOfOneToken_ExactlyOneSucceeds(string store)
    {
        await using var host = await ServiceHost.StartAsync(s =>
        {
            if (store == "embedded")
            {
                s["ByeByeRobots:Redis:Configuration"] = "";
            }
        });
        var token = await host.Widget().PassAsync();
        var backend = host.Backend();

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => backend.SiteVerifyFormAsync(ServiceHost.Secret, token)));

        answers.Count(a => a.Body["success"]!.GetValue<bool>()).Should().Be(1);
        answers.Where(a => !a.Body["success"]!.GetValue<bool>()).Should().AllSatisfy(a => BackendClient.ErrorCodes(a.Body).Should().Equal("timeout-or-duplicate"));
    }

    [Fact]
    public async Task IdempotencyKey_RetryGetsTheFirstAnswer_OtherKeysAndNoKeyDoNot()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();
        var backend = host.Backend();

        var (_, first) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, token, "retry-1");
        var (_, retry) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, token, "retry-1");
        var (_, otherKey) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, token, "retry-2");
        var (_, noKey) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, token);

        first["success"]!.GetValue<bool>().Should().BeTrue();
        retry.ToJsonString().Should().Be(first.ToJsonString());
        BackendClient.ErrorCodes(otherKey).Should().Equal("timeout-or-duplicate");
        BackendClient.ErrorCodes(noKey).Should().Equal("timeout-or-duplicate");
    }

    [Fact]
    public async Task IdempotencyKey_TwentyConcurrentRetries_AllGetTheOneSuccess()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();
        var backend = host.Backend();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => backend.SiteVerifyFormAsync(ServiceHost.Secret, token, "same-key")));

        answers.Should().AllSatisfy(a => a.Body["success"]!.GetValue<bool>().Should().BeTrue());
    }

    [Fact]
    public async Task ExpiredToken_IsTimeoutOrDuplicate()
    {
        await using var host = await ServiceHost.StartAsync(fakeTime: true);
        var token = await host.Widget().PassAsync();
        host.Time!.Advance(TimeSpan.FromSeconds(301));

        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);

        BackendClient.ErrorCodes(answer).Should().Equal("timeout-or-duplicate");
    }

    [Theory]
    [InlineData(null, "token", "missing-input-secret")]
    [InlineData("", "token", "missing-input-secret")]
    [InlineData("wrong-secret-wrong-secret-wrong-secret", "token", "invalid-input-secret")]
    [InlineData(ServiceHost.Secret, null, "missing-input-response")]
    [InlineData(ServiceHost.Secret, "", "missing-input-response")]
    [InlineData(ServiceHost.Secret, "garbage", "invalid-input-response")]
    [InlineData(ServiceHost.Secret, "v2.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "invalid-input-response")]
    public async Task BadCalls_GetTheTurnstileErrorCodes(string? secret, string? response, string code)
    {
        await using var host = await ServiceHost.StartAsync();

        var (status, answer) = await host.Backend().SiteVerifyFormAsync(secret, response);

        status.Should().Be(HttpStatusCode.OK);
        answer["success"]!.GetValue<bool>().Should().BeFalse();
        BackendClient.ErrorCodes(answer).Should().Equal(code);
    }

    [Fact]
    public async Task TokenOfAnotherSite_IsInvalidInputResponse_AndStaysGoodForItsOwnSite()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();

        var (_, foreign) = await host.Backend().SiteVerifyFormAsync(ServiceHost.OtherSecret, token);
        var (_, own) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);

        BackendClient.ErrorCodes(foreign).Should().Equal("invalid-input-response");
        own["success"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task TamperedOrTruncatedToken_IsInvalidInputResponse_AndTheTokenStaysGood()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        string[] forgeries = [tampered, token[..^1], token[..(token.Length / 2)], token + "A", token.Replace("v2.", "v1.", StringComparison.Ordinal)];

        foreach (var forgery in forgeries)
        {
            var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, forgery);
            BackendClient.ErrorCodes(answer).Should().ContainSingle().Which.Should().Be("invalid-input-response", forgery);
        }

        (await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token)).Body["success"]!.GetValue<bool>().Should().BeTrue("a forgery does not use the token up");
    }

    [Fact]
    public async Task KeyRotation_TokensOfTheOldKeyVerifyOnAnInstanceThatSignsWithTheNewKey()
    {
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var prefix = $"rotation-{Guid.NewGuid():N}:";
        await using var before = await ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Redis:KeyPrefix"] = prefix;
            s["ByeByeRobots:Token:SigningKeys:k1"] = oldKey;
        });
        await using var during = await ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Redis:KeyPrefix"] = prefix;
            s["ByeByeRobots:Token:SigningKeys:k1"] = oldKey;
            s["ByeByeRobots:Token:SigningKeys:k2"] = newKey;
            s["ByeByeRobots:Token:ActiveKeyId"] = "k2";
        });
        await using var after = await ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Redis:KeyPrefix"] = prefix;
            s.Remove("ByeByeRobots:Token:SigningKeys:k1");
            s["ByeByeRobots:Token:SigningKeys:k2"] = newKey;
            s["ByeByeRobots:Token:ActiveKeyId"] = "k2";
        });
        var oldToken = await before.Widget().PassAsync();
        var newToken = await during.Widget().PassAsync();

        var (_, oldOnAfter) = await after.Backend().SiteVerifyFormAsync(ServiceHost.Secret, oldToken);
        var (_, oldOnDuring) = await during.Backend().SiteVerifyFormAsync(ServiceHost.Secret, oldToken);
        var (_, newOnAfter) = await after.Backend().SiteVerifyFormAsync(ServiceHost.Secret, newToken);

        BackendClient.ErrorCodes(oldOnAfter).Should().Equal("invalid-input-response");
        oldOnDuring["success"]!.GetValue<bool>().Should().BeTrue();
        newOnAfter["success"]!.GetValue<bool>().Should().BeTrue();
    }

    [Theory]
    [InlineData("application/json", "{not json")]
    [InlineData("application/json", """{"secret":1,"response":"x"}""")]
    [InlineData("application/json", """["secret"]""")]
    [InlineData("application/json", """{"secret":"\udc00","response":"x"}""")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nbroken")]
    public async Task MalformedBody_IsBadRequest_InTheTurnstileShape(string contentType, string body)
    {
        await using var host = await ServiceHost.StartAsync();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await host.CreateClient().PostAsync("/v1/siteverify", content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        response.StatusCode.Should().Be(HttpStatusCode.OK, "Turnstile and reCAPTCHA answer 200 and say why in error-codes");
        answer["success"]!.GetValue<bool>().Should().BeFalse();
        BackendClient.ErrorCodes(answer).Should().Equal("bad-request");
    }

    [Fact]
    public async Task OversizedBody_IsBadRequest()
    {
        await using var host = await ServiceHost.StartAsync();
        var fields = new FormUrlEncodedContent([new("secret", ServiceHost.Secret), new("response", new string('A', 20_000))]);

        using var response = await host.CreateClient().PostAsync("/v1/siteverify", fields);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        BackendClient.ErrorCodes(answer).Should().Equal("bad-request");
    }

    [Fact]
    public async Task EmptyIdempotencyKey_CountsAsAbsent()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();

        var (_, first) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token, "");
        var (_, second) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token, "");

        first["success"]!.GetValue<bool>().Should().BeTrue();
        BackendClient.ErrorCodes(second).Should().Equal("timeout-or-duplicate");
    }

    [Fact]
    public async Task FieldsInTheQueryString_AreAccepted_AsByReCaptcha_TheSecretOnlyWhereTheSiteAllowsIt()
    {
        await using var host = await ServiceHost.StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.OtherSiteKey}:Compatibility:SecretInQueryString"] = "true");
        var token = await host.Widget().PassAsync();
        var other = await host.Widget("https://other.example.lu").PassAsync(ServiceHost.OtherSiteKey);

        using var refused = await host.CreateClient().PostAsync($"/v1/siteverify?secret={ServiceHost.Secret}&response={Uri.EscapeDataString(token)}", null);
        using var responseInQuery = await host.CreateClient().PostAsync(
            $"/v1/siteverify?response={Uri.EscapeDataString(token)}", new FormUrlEncodedContent([new("secret", ServiceHost.Secret)]));
        using var allowed = await host.CreateClient().PostAsync($"/v1/siteverify?secret={ServiceHost.OtherSecret}&response={Uri.EscapeDataString(other)}", null);

        BackendClient.ErrorCodes(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!.AsObject()).Should().Equal("missing-input-secret");
        JsonNode.Parse(await responseInQuery.Content.ReadAsStringAsync())!["success"]!.GetValue<bool>().Should().BeTrue("only the secret is kept out of URLs, and the refused call did not use the token");
        JsonNode.Parse(await allowed.Content.ReadAsStringAsync())!["success"]!.GetValue<bool>().Should().BeTrue();
    }
}
