using Handoff.Client;
using Handoff.Contracts.Users;
using Handoff.Server.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Handoff.Server.WebApp;

/// <summary>
/// The pages behind sign-in: the user's current session (checked against their stamp), a client of this server that
/// acts as the user, and the one not-found answer for anything the user may not see (a transfer of another facility
/// looks exactly like one that does not exist). A user with a one-time password is sent to change it first.
/// </summary>
public abstract class HandoffPageModel : PageModel
{

    public UserSession Session { get; private set; } = null!;

    public bool IsCoordinator => Session.Role == UserRole.Coordinator;

    public bool CanReadAudit => UserPermissions.Allows(Session.Role, "/handoff.v1.Audit/ListAuditEvents");

    public bool IsAdmin => Session.Role == UserRole.Admin;

    public string RoleName => UserPermissions.RoleName(Session.Role);

    /// <summary>A client of this server acting as the signed-in user (its calls are checked and audited as theirs); the session's, shared.</summary>
    protected HandoffClient Client => HttpContext.RequestServices.GetRequiredService<WebSessions>().ClientFor(Session);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var session = await HttpContext.RequestServices.GetRequiredService<WebSessions>().CurrentAsync(HttpContext);
        if (session is null)
        {
            context.Result = new ChallengeResult(WebSessions.Scheme);
            return;
        }
        Session = session;
        if (session.MustChangePassword && this is not Pages.PasswordModel)
        {
            context.Result = new RedirectToPageResult("/Password");
            return;
        }
        var executed = await next();
        if (executed.Exception is HandoffRefusedException { StatusCode: Grpc.Core.StatusCode.NotFound } && !executed.ExceptionHandled)
        {
            executed.Result = NotFoundPage();
            executed.ExceptionHandled = true;
        }
        else if (executed.Exception is HandoffRefusedException { StatusCode: Grpc.Core.StatusCode.PermissionDenied } denied && !executed.ExceptionHandled)
        {
            executed.Result = new ViewResultPage("/Denied", denied.Detail);
            executed.ExceptionHandled = true;
        }
        else if (executed.Exception is HandoffRefusedException { StatusCode: Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.FailedPrecondition } invalid
            && !executed.ExceptionHandled)
        {
            executed.Result = new ViewResultPage("/Invalid", invalid.Detail, StatusCodes.Status400BadRequest);
            executed.ExceptionHandled = true;
        }
    }

    /// <summary>The same page, status 404, for what does not exist and for what belongs to someone else.</summary>
    protected static IActionResult NotFoundPage() => new ViewResultPage("/NotFound", null, StatusCodes.Status404NotFound);

    /// <summary>A page answered in place of the one asked for (not found, denied), with its status code.</summary>
    private sealed class ViewResultPage(string page, string? message, int status = StatusCodes.Status403Forbidden) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.StatusCode = status;
            context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
            await context.HttpContext.Response.WriteAsync(ErrorPages.Render(page, message));
        }
    }
}
