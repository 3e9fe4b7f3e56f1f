using System.Text.RegularExpressions;
using ByeByeRobots.Api.Demo;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.Demo;

/// <summary>The demo procedure in its language: <c>/demo?lang=…</c> is the whole page in that language, not a French page with a German widget.</summary>
public partial class DemoPageTests
{
    private static Task<ServiceHost> StartAsync() => ServiceHost.StartAsync(s =>
    {
        s["ByeByeRobots:Demo:Enabled"] = "true";
        s["ByeByeRobots:Demo:SiteKey"] = ServiceHost.SiteKey;
        s["ByeByeRobots:Demo:Secret"] = ServiceHost.Secret;
    });

    [Fact]
    public void EveryLanguage_HasEveryText()
    {
        var keys = DemoTexts.Keys();
        keys.Keys.Should().BeEquivalentTo(DemoTexts.Languages);
        foreach (var language in DemoTexts.Languages)
        {
            keys[language].Should().BeEquivalentTo(keys["fr"], language);
        }
    }

    [Theory]
    [InlineData("fr", "Demande de certificat de résidence", "Envoyer la demande")]
    [InlineData("de", "Antrag auf eine Wohnsitzbescheinigung", "Antrag senden")]
    [InlineData("lb", "Ufro fir eng Wunnsëtzbescheinegung", "Ufro schécken")]
    [InlineData("en", "Application for a certificate of residence", "Send the application")]
    [InlineData("pt", "Pedido de certificado de residência", "Enviar o pedido")]
    public async Task TheForm_IsInTheLanguageAsked_AndSoIsTheAnswerPage(string language, string title, string submit)
    {
        await using var host = await StartAsync();

        var form = await host.HttpClient.GetStringAsync($"/demo?lang={language}");
        var result = await (await host.HttpClient.PostAsync("/demo/submit", new FormUrlEncodedContent([new("lang", language), new("bbr-response", "v2.k1.forged")]))).Content.ReadAsStringAsync();

        form.Should().Contain($"<html lang=\"{language}\">").And.Contain($"<h1>{title}</h1>").And.Contain($"<button type=\"submit\">{submit}</button>")
            .And.Contain($"data-language=\"{language}\"").And.Contain($"<input type=\"hidden\" name=\"lang\" value=\"{language}\">");
        Placeholder().IsMatch(form).Should().BeFalse("every text is filled in");
        result.Should().Contain($"<html lang=\"{language}\">").And.Contain(DemoTexts.Text(language, "refused")).And.Contain($"href=\"/demo?lang={language}\"");
        Placeholder().IsMatch(result).Should().BeFalse();
        if (language != "fr")
        {
            form.Should().NotContain("Envoyer la demande").And.NotContain("Adresse électronique");
        }
    }

    [Fact]
    public async Task AnUnknownLanguage_IsFrench()
    {
        await using var host = await StartAsync();

        var form = await host.HttpClient.GetStringAsync("/demo?lang=xx%22%3E%3Cscript%3E");

        form.Should().Contain("<html lang=\"fr\">").And.NotContain("<script>");
    }

    [GeneratedRegex(@"\{\{[^}]*\}\}")]
    private static partial Regex Placeholder();
}
