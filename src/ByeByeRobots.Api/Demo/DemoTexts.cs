using System.Text.RegularExpressions;
using ByeByeRobots.Api.Http;

namespace ByeByeRobots.Api.Demo;

/// <summary>
/// The demo procedure's texts in the widget's five languages: <c>/demo?lang=…</c> shows the whole
/// page in one language, not only the widget. Pages carry <c>{{t.key}}</c> placeholders.
/// </summary>
internal static partial class DemoTexts
{
    public static IReadOnlyList<string> Languages => PageLanguages.All;

    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new(StringComparer.Ordinal)
    {
        ["fr"] = new(StringComparer.Ordinal)
        {
            ["title"] = "Demande de certificat de résidence",
            ["demo"] = "Démonstration ByeByeRobots",
            ["brand"] = "Guichet de démonstration",
            ["intro"] = "Remplissez le formulaire ci-dessous. Les champs marqués d’un astérisque ({star}) sont obligatoires.",
            ["star"] = "astérisque",
            ["surname"] = "Nom",
            ["given-name"] = "Prénom",
            ["birth-date"] = "Date de naissance",
            ["birth-date-help"] = "Format : JJ/MM/AAAA, par exemple 03/12/1985.",
            ["email"] = "Adresse électronique",
            ["email-help"] = "Le certificat vous sera envoyé à cette adresse.",
            ["municipality"] = "Commune de résidence",
            ["choose-municipality"] = "Choisissez une commune",
            ["reason"] = "Motif de la demande",
            ["submit"] = "Envoyer la demande",
            ["footer"] = "Aucune énigme à résoudre : la vérification anti-robots se fait sans vous déranger.",
            ["received"] = "Demande reçue",
            ["received-message"] = "Votre demande a bien été transmise. Le serveur de la démarche a vérifié le jeton auprès de ByeByeRobots.",
            ["refused"] = "Vérification refusée",
            ["refused-message"] = "Le serveur de la démarche a refusé l’envoi : le jeton anti-robots n’est pas valable.",
            ["answer"] = "Réponse de <code>/v1/siteverify</code> au serveur de la démarche",
            ["again"] = "Faire une nouvelle demande",
        },
        ["de"] = new(StringComparer.Ordinal)
        {
            ["title"] = "Antrag auf eine Wohnsitzbescheinigung",
            ["demo"] = "ByeByeRobots-Demo",
            ["brand"] = "Demo-Bürgerportal",
            ["intro"] = "Füllen Sie das folgende Formular aus. Mit einem Sternchen ({star}) gekennzeichnete Felder sind Pflichtfelder.",
            ["star"] = "Sternchen",
            ["surname"] = "Name",
            ["given-name"] = "Vorname",
            ["birth-date"] = "Geburtsdatum",
            ["birth-date-help"] = "Format: TT/MM/JJJJ, zum Beispiel 03/12/1985.",
            ["email"] = "E-Mail-Adresse",
            ["email-help"] = "Die Bescheinigung wird Ihnen an diese Adresse geschickt.",
            ["municipality"] = "Wohnsitzgemeinde",
            ["choose-municipality"] = "Wählen Sie eine Gemeinde",
            ["reason"] = "Grund des Antrags",
            ["submit"] = "Antrag senden",
            ["footer"] = "Kein Rätsel zu lösen: Die Prüfung gegen Roboter läuft, ohne Sie zu stören.",
            ["received"] = "Antrag eingegangen",
            ["received-message"] = "Ihr Antrag wurde übermittelt. Der Server des Verfahrens hat das Token bei ByeByeRobots geprüft.",
            ["refused"] = "Prüfung abgelehnt",
            ["refused-message"] = "Der Server des Verfahrens hat die Übermittlung abgelehnt: Das Anti-Roboter-Token ist nicht gültig.",
            ["answer"] = "Antwort von <code>/v1/siteverify</code> an den Server des Verfahrens",
            ["again"] = "Einen neuen Antrag stellen",
        },
        ["lb"] = new(StringComparer.Ordinal)
        {
            ["title"] = "Ufro fir eng Wunnsëtzbescheinegung",
            ["demo"] = "ByeByeRobots-Demo",
            ["brand"] = "Demo-Bierger-Portal",
            ["intro"] = "Fëllt de Formulaire hei ënnendrënner aus. D’Felder mat engem Stärchen ({star}) sinn obligatoresch.",
            ["star"] = "Stärchen",
            ["surname"] = "Numm",
            ["given-name"] = "Virnumm",
            ["birth-date"] = "Gebuertsdatum",
            ["birth-date-help"] = "Format: DD/MM/JJJJ, zum Beispill 03/12/1985.",
            ["email"] = "E-Mail-Adress",
            ["email-help"] = "D’Bescheinegung gëtt Iech op dës Adress geschéckt.",
            ["municipality"] = "Wunngemeng",
            ["choose-municipality"] = "Wielt eng Gemeng",
            ["reason"] = "Grond vun der Ufro",
            ["submit"] = "Ufro schécken",
            ["footer"] = "Kee Rätsel ze léisen: d’Kontroll géint Roboteren leeft, ouni Iech ze stéieren.",
            ["received"] = "Ufro ukomm",
            ["received-message"] = "Är Ufro gouf iwwermëttelt. De Server vun der Prozedur huet den Token bei ByeByeRobots iwwerpréift.",
            ["refused"] = "Kontroll refuséiert",
            ["refused-message"] = "De Server vun der Prozedur huet d’Schécken refuséiert: den Anti-Roboter-Token ass net gëlteg.",
            ["answer"] = "Äntwert vu <code>/v1/siteverify</code> un de Server vun der Prozedur",
            ["again"] = "Eng nei Ufro maachen",
        },
        ["en"] = new(StringComparer.Ordinal)
        {
            ["title"] = "Application for a certificate of residence",
            ["demo"] = "ByeByeRobots demo",
            ["brand"] = "Demonstration portal",
            ["intro"] = "Fill in the form below. Fields marked with an asterisk ({star}) are required.",
            ["star"] = "asterisk",
            ["surname"] = "Surname",
            ["given-name"] = "First name",
            ["birth-date"] = "Date of birth",
            ["birth-date-help"] = "Format: DD/MM/YYYY, for example 03/12/1985.",
            ["email"] = "Email address",
            ["email-help"] = "The certificate will be sent to this address.",
            ["municipality"] = "Municipality of residence",
            ["choose-municipality"] = "Choose a municipality",
            ["reason"] = "Reason for the application",
            ["submit"] = "Send the application",
            ["footer"] = "No puzzle to solve: the check against robots runs without disturbing you.",
            ["received"] = "Application received",
            ["received-message"] = "Your application has been sent. The procedure’s server checked the token with ByeByeRobots.",
            ["refused"] = "Check refused",
            ["refused-message"] = "The procedure’s server refused the submission: the anti-robot token is not valid.",
            ["answer"] = "What <code>/v1/siteverify</code> answered the procedure’s server",
            ["again"] = "Make a new application",
        },
        ["pt"] = new(StringComparer.Ordinal)
        {
            ["title"] = "Pedido de certificado de residência",
            ["demo"] = "Demonstração ByeByeRobots",
            ["brand"] = "Balcão de demonstração",
            ["intro"] = "Preencha o formulário abaixo. Os campos assinalados com um asterisco ({star}) são obrigatórios.",
            ["star"] = "asterisco",
            ["surname"] = "Apelido",
            ["given-name"] = "Nome próprio",
            ["birth-date"] = "Data de nascimento",
            ["birth-date-help"] = "Formato: DD/MM/AAAA, por exemplo 03/12/1985.",
            ["email"] = "Endereço de correio eletrónico",
            ["email-help"] = "O certificado ser-lhe-á enviado para este endereço.",
            ["municipality"] = "Comuna de residência",
            ["choose-municipality"] = "Escolha uma comuna",
            ["reason"] = "Motivo do pedido",
            ["submit"] = "Enviar o pedido",
            ["footer"] = "Nenhum enigma para resolver: a verificação anti-robôs é feita sem o incomodar.",
            ["received"] = "Pedido recebido",
            ["received-message"] = "O seu pedido foi transmitido. O servidor do procedimento verificou o token junto do ByeByeRobots.",
            ["refused"] = "Verificação recusada",
            ["refused-message"] = "O servidor do procedimento recusou o envio: o token anti-robôs não é válido.",
            ["answer"] = "Resposta de <code>/v1/siteverify</code> ao servidor do procedimento",
            ["again"] = "Fazer um novo pedido",
        },
    };

    /// <summary>The page's language: one of the five, French otherwise.</summary>
    public static string Language(string? requested) => PageLanguages.Of(requested);

    public static string Text(string language, string key) => Texts[language][key];

    /// <summary>Every key of every language (tests: none is missing in one language).</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyCollection<string>> Keys() =>
        Texts.ToDictionary(t => t.Key, t => (IReadOnlyCollection<string>)t.Value.Keys.ToList(), StringComparer.Ordinal);

    /// <summary>Replaces every <c>{{t.key}}</c> of <paramref name="html"/> with the language's text (texts are the page's own markup, not user input).</summary>
    public static string Localize(string html, string language)
    {
        var texts = Texts[language];
        return Placeholder().Replace(html, match =>
        {
            var text = texts[match.Groups[1].Value];
            return match.Groups[1].Value == "intro"
                ? text.Replace("{star}", $"<span aria-hidden=\"true\">*</span><span class=\"sr-only\">{texts["star"]}</span>", StringComparison.Ordinal)
                : text;
        });
    }

    [GeneratedRegex(@"\{\{t\.([a-z-]+)\}\}")]
    private static partial Regex Placeholder();
}
