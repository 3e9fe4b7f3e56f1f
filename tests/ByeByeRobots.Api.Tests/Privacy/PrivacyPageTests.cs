using System.Net;
using ByeByeRobots.Api.Privacy;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.Privacy;

/// <summary>The privacy page the widget links to: every language, what is measured and kept, why, the legal basis, under a CSP that runs nothing.</summary>
public class PrivacyPageTests
{
    [Theory]
    [InlineData("fr", "article 6, paragraphe 1, point e")]
    [InlineData("de", "Artikel 6 Absatz 1 Buchstabe e")]
    [InlineData("lb", "Artikel 6, Paragraf 1, Buschtaf e")]
    [InlineData("en", "Article 6(1)(e)")]
    [InlineData("pt", "artigo 6.º, n.º 1, alínea e)")]
    public async Task ThePage_IsInTheLanguageAsked_AndNamesTheLegalBasis(string lang, string basis)
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.HttpClient.GetAsync($"/v1/privacy?lang={lang}");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().StartWith("default-src 'none'");
        html.Should().Contain($"<html lang=\"{lang}\">").And.Contain(basis).And.Contain("CNPD").And.NotContain("<script");
        var page = PrivacyTexts.For(lang);
        html.Should().Contain(page.Measured[0]).And.Contain(page.Kept[0]);
    }

    [Fact]
    public async Task AnUnknownLanguage_IsFrench_AndCannotInjectMarkup()
    {
        await using var host = await ServiceHost.StartAsync();

        var html = await host.HttpClient.GetStringAsync("/v1/privacy?lang=%22%3E%3Cscript%3Ealert(1)%3C/script%3E");

        html.Should().Contain("<html lang=\"fr\">").And.NotContain("<script");
    }
}
