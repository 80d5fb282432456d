using Handoff.Contracts.Errors;
using Handoff.Contracts.Users;
using SignInResult = Handoff.Contracts.Users.SignInResult;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Handoff.Server.WebApp.Pages;

/// <summary>Changing one's password (required after a one-time password). The new session replaces the old cookie.</summary>
public sealed class PasswordModel : HandoffPageModel
{
    private readonly UserSignIn _signIn;
    private readonly WebSessions _sessions;

    public PasswordModel(UserSignIn signIn, WebSessions sessions)
    {
        _signIn = signIn;
        _sessions = sessions;
    }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? next, string? confirm)
    {
        if (!string.Equals(next, confirm, StringComparison.Ordinal))
        {
            Message = "The two new passwords differ.";
            return Page();
        }
        SignInResult result;
        try
        {
            result = await _signIn.ChangePasswordAsync(Session, current ?? "", next ?? "");
        }
        catch (DomainException invalid) when (invalid.Kind == DomainErrorKind.InvalidArgument)
        {
            Message = invalid.Message;
            return Page();
        }
        if (result.Session is not { } session)
        {
            Message = result.Outcome == SignInOutcome.LockedOut ? "Too many wrong passwords: this account is locked for a while." : "The current password is wrong.";
            return Page();
        }
        _sessions.Forget(session.FacilityId, session.Username);
        await HttpContext.SignInAsync(WebSessions.Scheme, WebSessions.PrincipalOf(session));
        return Redirect("/inbox");
    }
}
