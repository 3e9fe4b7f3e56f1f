using ByeByeRobots.Testing;

namespace ByeByeRobots.Widget.Tests;

/// <summary>The line that tells a person (and a data protection officer) that interaction timings are measured, with a link to what and why.</summary>
public class PrivacyNoticeTests
{
    [Theory(Timeout = Sites.TestTimeout)]
    [InlineData("fr", "Ce formulaire est protégé contre les robots", "En savoir plus", "Protection contre les robots : ce qui est mesuré")]
    [InlineData("de", "Dieses Formular ist gegen Roboter geschützt", "Mehr erfahren", "Schutz vor Robotern: was gemessen wird")]
    [InlineData("lb", "Dëse Formulaire ass géint Roboteren geschützt", "Méi gewuer ginn", "Schutz géint Roboteren: wat gemooss gëtt")]
    [InlineData("en", "This form is protected against robots", "Learn more", "Protection against robots: what is measured")]
    [InlineData("pt", "Este formulário está protegido contra robôs", "Saber mais", "Proteção contra robôs: o que é medido")]
    public async Task TheNotice_SpeaksThePagesLanguage_AndLinksToThePrivacyPageInIt(string lang, string sentence, string more, string title)
    {
        await using var host = await Sites.PassEverythingAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form, lang: lang);
        await procedure.WaitForEventAsync("ready");

        var notice = procedure.Page.Locator(".bbr-notice");
        var link = notice.Locator("a");
        (await notice.TextContentAsync()).Should().StartWith(sentence);
        (await notice.IsVisibleAsync()).Should().BeTrue("it is shown to everyone, not only to screen readers");
        (await link.TextContentAsync()).Should().Be(more);
        var href = await link.GetAttributeAsync("href");
        href.Should().Be($"{host.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/privacy?lang={lang}");
        (await link.GetAttributeAsync("target")).Should().Be("_blank", "following it must not lose the half-filled form");

        var privacy = await host.HttpClient.GetStringAsync(new Uri(href!));
        privacy.Should().Contain($"<html lang=\"{lang}\">").And.Contain($"<h1>{title}</h1>");
        (await procedure.CspViolationsAsync()).Should().BeEmpty();
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task APageCanSwitchItOff_OrLinkItsOwnStatement_ButNotToAScript()
    {
        await using var host = await Sites.PassEverythingAsync();
        var off = Sites.Form.Replace("class=\"bbr-widget\"", "class=\"bbr-widget\" data-privacy-notice=\"off\"", StringComparison.Ordinal);
        var own = Sites.Form.Replace("class=\"bbr-widget\"", "class=\"bbr-widget\" data-privacy-url=\"https://guichet.example.lu/vie-privee\"", StringComparison.Ordinal);
        var script = Sites.Form.Replace("class=\"bbr-widget\"", "class=\"bbr-widget\" data-privacy-url=\"javascript:alert(1)\"", StringComparison.Ordinal);

        await using var withoutNotice = await ProcedurePage.OpenAsync(host, off);
        await withoutNotice.WaitForEventAsync("ready");
        await using var withOwn = await ProcedurePage.OpenAsync(host, own);
        await withOwn.WaitForEventAsync("ready");
        await using var withScript = await ProcedurePage.OpenAsync(host, script);
        await withScript.WaitForEventAsync("ready");

        (await withoutNotice.Page.Locator(".bbr-notice").CountAsync()).Should().Be(0);
        (await withOwn.Page.Locator(".bbr-notice a").GetAttributeAsync("href")).Should().Be("https://guichet.example.lu/vie-privee");
        (await withScript.Page.Locator(".bbr-notice a").GetAttributeAsync("href")).Should().EndWith("/v1/privacy?lang=fr");
    }
}
