using Handoff.Contracts.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Handoff.Server.WebApp.Pages;

/// <summary>Sign-in at <c>/</c>. One message for an unknown user, a wrong password and a disabled user; a lockout says so.</summary>
public sealed class IndexModel : PageModel
{
    private readonly UserSignIn _signIn;
    private readonly WebSessions _sessions;
    private readonly SignInThrottle _throttle;

    public IndexModel(UserSignIn signIn, WebSessions sessions, SignInThrottle throttle)
    {
        _signIn = signIn;
        _sessions = sessions;
        _throttle = throttle;
    }

    public string? Message { get; private set; }

    public string Username { get; private set; } = "";

    public string ReturnUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        if (await _sessions.CurrentAsync(HttpContext) is not null)
            return LocalRedirect(Local(returnUrl));
        ReturnUrl = returnUrl ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl)
    {
        Username = username ?? "";
        ReturnUrl = returnUrl ?? "";
        if (!_throttle.TryAcquire(HttpContext))
        {
            Message = "Too many sign-in attempts from this address: wait a minute.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var result = await _signIn.SignInAsync(username ?? "", password ?? "");
        if (result.Session is not { } session)
        {
            Message = result.Outcome == SignInOutcome.LockedOut
                ? "Too many wrong passwords: this account is locked for a while. An administrator can reset it."
                : "Wrong username or password.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(WebSessions.Scheme, WebSessions.PrincipalOf(session));
        return session.MustChangePassword ? RedirectToPage("/Password") : LocalRedirect(Local(returnUrl));
    }

    /// <summary>Only a path of this site (ASP.NET Core's own test): a sign-in link must not send the user elsewhere.</summary>
    private string Local(string? returnUrl) => returnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/inbox";
}
