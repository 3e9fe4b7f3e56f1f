using ByeByeRobots.Api.Http;

namespace ByeByeRobots.Api.Privacy;

/// <summary>One language's privacy page: what the check measures, what is kept, why, on what basis.</summary>
internal sealed record PrivacyPage(
    string Title,
    string Intro,
    string MeasuredHeading,
    string[] Measured,
    string KeptHeading,
    string[] Kept,
    string WhyHeading,
    string Why,
    string BasisHeading,
    string Basis,
    string RightsHeading,
    string Rights,
    string Details);

/// <summary>
/// The privacy page the widget's notice links to (<c>/v1/privacy?lang=…</c>), in the widget's five
/// languages. It says what the service does (docs/probes.md and docs/features.md list every signal
/// and probe for the data protection officer); the controller of each procedure names itself and its
/// DPO in the procedure's own privacy statement.
/// </summary>
internal static class PrivacyTexts
{
    public static IReadOnlyList<string> Languages => PageLanguages.All;

    public static string Language(string? requested) => PageLanguages.Of(requested);

    public static PrivacyPage For(string language) => Pages[Language(language)];

    private static readonly Dictionary<string, PrivacyPage> Pages = new(StringComparer.Ordinal)
    {
        ["fr"] = new(
            "Protection contre les robots : ce qui est mesuré",
            "Ce formulaire est protégé contre les envois automatisés sans énigme à résoudre. Pendant que vous le remplissez, votre navigateur mesure comment vous interagissez avec la page ; à l’envoi, ces mesures sont évaluées sur les serveurs de l’État, puis effacées.",
            "Ce qui est mesuré",
            [
                "les mouvements du pointeur (souris, doigt) sur la page : positions et instants, sans ce que vous regardez ni où vous cliquez hors de la page ;",
                "les instants où une touche est enfoncée et relâchée, jamais les touches ni le texte saisi ;",
                "le défilement et les changements de champ, en nombre et en instants ;",
                "ce que votre navigateur déclare de lui-même : langues, fuseau horaire, taille de l’écran et de la fenêtre, écran tactile ou non, nom du navigateur, et quelques contrôles de cohérence qui révèlent un navigateur piloté par un programme (oui ou non).",
            ],
            "Ce qui est conservé",
            [
                "rien des mesures après l’évaluation : elles ne sont ni enregistrées ni transmises à des tiers, et aucun cookie ni identifiant n’est déposé ;",
                "pour repérer un trajet rejoué, une empreinte mathématique du tracé du pointeur (qui ne permet pas de le reconstituer) pendant 10 minutes ;",
                "pour limiter le nombre de demandes, votre adresse réseau pendant une minute ;",
                "dans le journal du service : le résultat (accepté, vérification supplémentaire, refusé), un score et le nom des trois critères qui ont le plus pesé et des contrôles qui ont trouvé un automate, sans aucune valeur mesurée.",
            ],
            "Pourquoi",
            "Pour que les démarches en ligne restent ouvertes aux personnes et fermées aux programmes qui les inondent ou les détournent, sans vous demander de résoudre une énigme ni vous refuser l’accès : si la vérification hésite, votre ordinateur fait quelques secondes de calcul de plus.",
            "Base légale",
            "Le traitement est nécessaire à l’exécution de la mission d’intérêt public de l’administration qui gère la démarche (article 6, paragraphe 1, point e) du règlement général sur la protection des données) ; la lecture des informations du navigateur est strictement nécessaire au service que vous demandez en envoyant le formulaire (article 5, paragraphe 3, de la directive « vie privée et communications électroniques »).",
            "Responsable et droits",
            "Le responsable du traitement est l’administration qui gère la démarche ; sa déclaration de protection des données nomme son délégué à la protection des données, auprès duquel vous exercez vos droits. Vous pouvez aussi saisir la Commission nationale pour la protection des données (CNPD).",
            "La liste complète des mesures et des contrôles est publiée avec le code du service (docs/probes.md et docs/features.md)."),
        ["de"] = new(
            "Schutz vor Robotern: was gemessen wird",
            "Dieses Formular ist gegen automatisierte Übermittlungen geschützt, ohne dass Sie ein Rätsel lösen müssen. Während Sie es ausfüllen, misst Ihr Browser, wie Sie mit der Seite umgehen; beim Absenden werden diese Messungen auf den Servern des Staates ausgewertet und danach gelöscht.",
            "Was gemessen wird",
            [
                "die Bewegungen des Zeigers (Maus, Finger) auf der Seite: Positionen und Zeitpunkte, nicht, was Sie ansehen, und nichts außerhalb der Seite;",
                "die Zeitpunkte, zu denen eine Taste gedrückt und losgelassen wird, nie die Tasten oder der eingegebene Text;",
                "das Scrollen und die Wechsel zwischen Feldern, als Anzahl und Zeitpunkte;",
                "was Ihr Browser über sich selbst angibt: Sprachen, Zeitzone, Bildschirm- und Fenstergröße, Touchscreen oder nicht, Name des Browsers, sowie einige Stimmigkeitsprüfungen, die einen von einem Programm gesteuerten Browser erkennen (ja oder nein).",
            ],
            "Was aufbewahrt wird",
            [
                "nichts von den Messungen nach der Auswertung: Sie werden weder gespeichert noch an Dritte weitergegeben, und es wird kein Cookie und keine Kennung gesetzt;",
                "um eine abgespielte Aufzeichnung zu erkennen, ein mathematischer Abdruck der Zeigerbahn (aus dem sie sich nicht wiederherstellen lässt) für 10 Minuten;",
                "um die Zahl der Anfragen zu begrenzen, Ihre Netzwerkadresse für eine Minute;",
                "im Protokoll des Dienstes: das Ergebnis (angenommen, zusätzliche Prüfung, abgelehnt), eine Bewertung und die Namen der drei Kriterien, die am meisten zählten, und der Prüfungen, die eine Automatisierung fanden, ohne einen gemessenen Wert.",
            ],
            "Warum",
            "Damit Online-Verfahren für Menschen offen bleiben und für Programme geschlossen, die sie überfluten oder missbrauchen, ohne dass Sie ein Rätsel lösen müssen oder abgewiesen werden: Zweifelt die Prüfung, rechnet Ihr Computer einige Sekunden länger.",
            "Rechtsgrundlage",
            "Die Verarbeitung ist für die Wahrnehmung der im öffentlichen Interesse liegenden Aufgabe der Verwaltung erforderlich, die das Verfahren betreibt (Artikel 6 Absatz 1 Buchstabe e der Datenschutz-Grundverordnung); das Auslesen der Angaben des Browsers ist für den Dienst, den Sie mit dem Absenden des Formulars anfordern, unbedingt erforderlich (Artikel 5 Absatz 3 der Datenschutzrichtlinie für elektronische Kommunikation).",
            "Verantwortlicher und Rechte",
            "Verantwortlich ist die Verwaltung, die das Verfahren betreibt; ihre Datenschutzerklärung nennt ihren Datenschutzbeauftragten, bei dem Sie Ihre Rechte ausüben. Sie können sich auch an die Nationale Kommission für den Datenschutz (CNPD) wenden.",
            "Die vollständige Liste der Messungen und Prüfungen ist mit dem Code des Dienstes veröffentlicht (docs/probes.md und docs/features.md)."),
        ["lb"] = new(
            "Schutz géint Roboteren: wat gemooss gëtt",
            "Dëse Formulaire ass géint automatiséiert Ufroe geschützt, ouni datt Dir e Rätsel léise musst. Iwwerdeems Dir en ausfëllt, moosst Äre Browser, wéi Dir mat der Säit ëmgitt; beim Schécken ginn dës Miessungen op de Serveren vum Staat ausgewäert an duerno geläscht.",
            "Wat gemooss gëtt",
            [
                "d’Beweegunge vum Zeiger (Maus, Fanger) op der Säit: Positiounen an Zäitpunkten, net wat Dir kuckt, an näischt ausserhalb vun der Säit;",
                "d’Zäitpunkten, wou eng Tast gedréckt a lassgelooss gëtt, ni d’Taste selwer oder den ageginnen Text;",
                "d’Scrollen an d’Wiessele vun engem Feld an en anert, als Zuel an Zäitpunkten;",
                "wat Äre Browser iwwer sech selwer seet: Sproochen, Zäitzon, Gréisst vum Écran a vun der Fënster, Touchscreen oder net, Numm vum Browser, an e puer Kontrollen, déi e Browser erkennen, dee vun engem Programm gesteiert gëtt (jo oder nee).",
            ],
            "Wat gehale gëtt",
            [
                "näischt vun de Miessungen no der Auswäertung: si ginn net gespäichert an net un Drëtter weiderginn, an et gëtt kee Cookie a keng Kennung gesat;",
                "fir eng nei ofgespillten Opnam ze erkennen, en mathemateschen Ofdrock vum Wee vum Zeiger (aus deem e sech net rekonstruéiere léisst) fir 10 Minutten;",
                "fir d’Zuel vun den Ufroen ze limitéieren, Är Netzwierkadress fir eng Minutt;",
                "am Journal vum Service: d’Resultat (ugeholl, zousätzlech Kontroll, refuséiert), eng Bewäertung an d’Nimm vun den dräi Critèren, déi am meeschte gezielt hunn, a vun de Kontrollen, déi eng Automatiséierung fonnt hunn, ouni ee gemoossene Wäert.",
            ],
            "Firwat",
            "Fir datt d’Online-Prozeduren fir d’Leit op bleiwen a fir Programmer zou, déi se iwwerschwemmen oder mëssbrauchen, ouni datt Dir e Rätsel léise musst oder ofgewise gitt: wann d’Kontroll zécke, rechent Äre Computer e puer Sekonne méi laang.",
            "Rechtsgrondlag",
            "D’Veraarbechtung ass néideg fir d’Missioun am ëffentlechen Interessi vun der Verwaltung, déi d’Prozedur bedreift (Artikel 6, Paragraf 1, Buschtaf e vun der Datenschutz-Grondveruerdnung); d’Liese vun den Informatioune vum Browser ass strikt néideg fir de Service, deen Dir ufrot, wann Dir de Formulaire schéckt (Artikel 5, Paragraf 3 vun der Direktiv iwwer d’Privatsphär an der elektronescher Kommunikatioun).",
            "Verantwortlechen a Rechter",
            "Verantwortlech ass d’Verwaltung, déi d’Prozedur bedreift; hir Datenschutzerklärung nennt hiren Datenschutzbeoptragten, bei deem Dir Är Rechter ausübt. Dir kënnt Iech och un d’Nationale Kommissioun fir den Dateschutz (CNPD) wenden.",
            "Déi komplett Lëscht vun de Miessungen a Kontrolle gëtt mam Code vum Service publizéiert (docs/probes.md an docs/features.md)."),
        ["en"] = new(
            "Protection against robots: what is measured",
            "This form is protected against automated submissions without a puzzle to solve. While you fill it in, your browser measures how you interact with the page; when you send it, these measurements are evaluated on the State’s servers, then deleted.",
            "What is measured",
            [
                "the movements of the pointer (mouse, finger) on the page: positions and times, not what you look at, and nothing outside the page;",
                "the times at which a key is pressed and released, never the keys or the text you type;",
                "scrolling and moving from one field to another, as counts and times;",
                "what your browser says about itself: languages, time zone, screen and window size, touch screen or not, the browser’s name, and a few consistency checks that reveal a browser driven by a program (yes or no).",
            ],
            "What is kept",
            [
                "nothing of the measurements after the evaluation: they are neither stored nor passed to anyone, and no cookie or identifier is set;",
                "to recognise a replayed path, a mathematical fingerprint of the pointer’s path (from which it cannot be rebuilt) for 10 minutes;",
                "to limit the number of requests, your network address for one minute;",
                "in the service’s log: the outcome (accepted, extra check, refused), a score and the names of the three criteria that weighed most and of any check that found automation, without any measured value.",
            ],
            "Why",
            "So that online procedures stay open to people and closed to programs that flood or abuse them, without asking you to solve a puzzle or turning you away: when the check is unsure, your computer calculates for a few seconds more.",
            "Legal basis",
            "The processing is necessary for the task carried out in the public interest by the administration running the procedure (Article 6(1)(e) of the General Data Protection Regulation); reading the browser’s information is strictly necessary for the service you request by sending the form (Article 5(3) of the ePrivacy Directive).",
            "Controller and rights",
            "The controller is the administration running the procedure; its privacy statement names its data protection officer, with whom you exercise your rights. You may also contact the National Commission for Data Protection (CNPD).",
            "The complete list of measurements and checks is published with the service’s code (docs/probes.md and docs/features.md)."),
        ["pt"] = new(
            "Proteção contra robôs: o que é medido",
            "Este formulário está protegido contra envios automatizados sem enigmas para resolver. Enquanto o preenche, o seu navegador mede a forma como interage com a página; no envio, essas medições são avaliadas nos servidores do Estado e depois apagadas.",
            "O que é medido",
            [
                "os movimentos do ponteiro (rato, dedo) na página: posições e instantes, não o que está a ver, e nada fora da página;",
                "os instantes em que uma tecla é premida e largada, nunca as teclas nem o texto escrito;",
                "o deslocamento da página e as mudanças de campo, em número e instantes;",
                "o que o seu navegador declara sobre si próprio: idiomas, fuso horário, tamanho do ecrã e da janela, ecrã tátil ou não, nome do navegador, e algumas verificações de coerência que revelam um navegador controlado por um programa (sim ou não).",
            ],
            "O que é conservado",
            [
                "nada das medições depois da avaliação: não são guardadas nem transmitidas a terceiros, e não é colocado nenhum cookie nem identificador;",
                "para reconhecer um percurso reproduzido, uma impressão matemática do trajeto do ponteiro (a partir da qual não pode ser reconstituído) durante 10 minutos;",
                "para limitar o número de pedidos, o seu endereço de rede durante um minuto;",
                "no registo do serviço: o resultado (aceite, verificação adicional, recusado), uma pontuação e os nomes dos três critérios que mais pesaram e das verificações que detetaram automatização, sem nenhum valor medido.",
            ],
            "Porquê",
            "Para que os procedimentos em linha continuem abertos às pessoas e fechados aos programas que os inundam ou desviam, sem lhe pedir que resolva um enigma nem lhe recusar o acesso: quando a verificação hesita, o seu computador calcula alguns segundos mais.",
            "Fundamento jurídico",
            "O tratamento é necessário ao exercício da missão de interesse público da administração responsável pelo procedimento (artigo 6.º, n.º 1, alínea e), do Regulamento Geral sobre a Proteção de Dados); a leitura das informações do navegador é estritamente necessária ao serviço que pede ao enviar o formulário (artigo 5.º, n.º 3, da Diretiva relativa à privacidade e às comunicações eletrónicas).",
            "Responsável e direitos",
            "O responsável pelo tratamento é a administração que gere o procedimento; a sua declaração de proteção de dados indica o encarregado da proteção de dados, junto do qual exerce os seus direitos. Pode também dirigir-se à Comissão Nacional de Proteção de Dados (CNPD).",
            "A lista completa das medições e verificações é publicada com o código do serviço (docs/probes.md e docs/features.md)."),
    };
}
