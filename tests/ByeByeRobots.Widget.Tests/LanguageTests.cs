using ByeByeRobots.Testing;

namespace ByeByeRobots.Widget.Tests;

public class LanguageTests
{
    public static TheoryData<string, string?, string> Cases => new()
    {
        { "fr", null, "Nous n’avons pas pu vérifier votre envoi. Veuillez réessayer." },
        { "de-LU", null, "Ihre Übermittlung konnte nicht geprüft werden. Bitte versuchen Sie es erneut." },
        { "lb", null, "Mir konnten Är Ufro net iwwerpréiwen. Probéiert w.e.g. nach eng Kéier." },
        { "en-GB", null, "We could not check your submission. Please try again." },
        { "pt", null, "Não foi possível verificar o seu envio. Tente novamente." },
        { "es", null, "Nous n’avons pas pu vérifier votre envoi. Veuillez réessayer." },
        { "fr", "lb", "Mir konnten Är Ufro net iwwerpréiwen. Probéiert w.e.g. nach eng Kéier." },
    };

    [Theory(Timeout = Sites.TestTimeout)]
    [MemberData(nameof(Cases))]
    public async Task FailureMessage_SpeaksThePagesLanguage_OrTheOneAskedFor_ElseFrench(string pageLanguage, string? dataLanguage, string expected)
    {
        await using var host = await Sites.FailEverythingAsync();
        var form = dataLanguage is null ? Sites.Form : Sites.Form.Replace("data-action=\"login\"", $"data-action=\"login\" data-language=\"{dataLanguage}\"", StringComparison.Ordinal);
        await using var procedure = await ProcedurePage.OpenAsync(host, form, lang: pageLanguage);
        await procedure.WaitForEventAsync("ready");

        await procedure.Page.ClickAsync("button[type=submit]");
        await procedure.WaitForEventAsync("error");
        var message = await procedure.Page.Locator(".bbr-status").TextContentAsync();
        var lang = await procedure.Page.Locator(".bbr").GetAttributeAsync("lang");

        message.Should().Be(expected);
        lang.Should().Be(dataLanguage ?? (pageLanguage == "es" ? "fr" : pageLanguage[..2]), "screen readers pronounce the text in its own language");
    }
}
