namespace Handoff.Server.WebApp.Pages;

/// <summary>Where a signed-in user lands when their role does not allow a page (403).</summary>
public sealed class DeniedModel : HandoffPageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
