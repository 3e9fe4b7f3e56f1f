using System.Security.Cryptography;
using ByeByeRobots.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ByeByeRobots.Samples.RazorPages.Pages;

/// <summary>
/// The procedure. <c>[RequireHuman("certificat")]</c> checks the widget's token on the POST
/// (the GET that shows the form stays open): no valid token, no request recorded.
/// </summary>
[RequireHuman("certificat")]
public sealed partial class CertificatModel : PageModel
{
    [BindProperty] public string? Nom { get; set; }
    [BindProperty] public string? Prenom { get; set; }
    [BindProperty] public string? Matricule { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Motif { get; set; }

    public string? Reference { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Reached only with a good token; the check's details are at hand for the procedure's records.
        var check = HttpContext.GetHumanVerification()!;
        Reference = $"CR-{RandomNumberGenerator.GetHexString(8)}";
        LogAccepted(HttpContext.RequestServices.GetRequiredService<ILogger<CertificatModel>>(), Reference, check.Score, check.Action);
        return Page();
    }

    [LoggerMessage(1, LogLevel.Information, "Request {Reference} accepted (score {Score}, action {Action})")]
    private static partial void LogAccepted(ILogger logger, string reference, double? score, string? action);
}
