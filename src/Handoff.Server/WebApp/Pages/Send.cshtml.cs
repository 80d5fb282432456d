using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Handoff.Server.WebApp.Pages;

/// <summary>
/// Sending without a gateway: a coordinator drops a folder or a zip (a patient's CD) and the page's script sends its
/// DICOM files by STOW-RS to <c>/dicomweb/to/{destination}/studies</c> with the session cookie and the antiforgery
/// token, a group at a time, under one send id so that a dropped connection resumes into the same transfer
/// (the server code is DICOMweb's, which sends through <see cref="Handoff.Client.HandoffClient"/>: no second implementation).
/// </summary>
public sealed class SendModel : HandoffPageModel
{
    private readonly IAntiforgery _antiforgery;

    public SendModel(IAntiforgery antiforgery)
    {
        _antiforgery = antiforgery;
    }

    public string RequestToken { get; private set; } = "";

    public IActionResult OnGet()
    {
        if (!IsCoordinator)
            return new ForbidResult(WebSessions.Scheme);
        RequestToken = _antiforgery.GetAndStoreTokens(HttpContext).RequestToken ?? "";
        return Page();
    }
}
