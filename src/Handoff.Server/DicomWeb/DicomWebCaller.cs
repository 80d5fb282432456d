using Handoff.Contracts.Errors;
using Handoff.Server.Security;
using Handoff.Server.WebApp;
using Microsoft.AspNetCore.Antiforgery;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Who a DICOMweb request acts for. Programs send <c>Authorization: Bearer &lt;facility key&gt;</c>, checked by the same
/// <see cref="ApiKeyAuthenticator"/> as every gRPC call: without a valid key 401 with a Bearer challenge, the operator
/// key 403. The web page's viewer and send page come with the user's session cookie instead: the user's role must
/// allow the operation (<see cref="UserPermissions"/>), and a store must also carry the page's antiforgery token, so
/// another site cannot make a signed-in browser send. <see cref="ApiKey"/> is what a STOW-RS backend call presents:
/// the facility key, or a short-lived token of the user.
/// </summary>
public sealed record DicomWebCaller(Caller Caller, string ApiKey)
{
    public string FacilityId => Caller.RequireFacility();

    public static async Task<DicomWebCaller> AuthenticateAsync(HttpContext http, ApiKeyAuthenticator keys)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(keys);
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0 && await SessionCallerAsync(http).ConfigureAwait(false) is { } user)
            return user;
        var key = ApiKeyAuthenticator.BearerKey(header) ?? throw ApiKeyAuthenticator.MissingKey();
        var caller = await keys.AuthenticateAsync(key).ConfigureAwait(false);
        if (caller.FacilityId is null)
            throw new DomainException(DomainErrorKind.PermissionDenied, "DICOMweb needs a facility API key, not the operator key");
        UserPermissions.Require(caller, OperationOf(http));
        return new DicomWebCaller(caller, key);
    }

    private static async Task<DicomWebCaller?> SessionCallerAsync(HttpContext http)
    {
        var sessions = http.RequestServices.GetRequiredService<WebSessions>();
        if (await sessions.CurrentAsync(http).ConfigureAwait(false) is not { } session)
            return null;
        if (session.MustChangePassword)
            throw new DomainException(DomainErrorKind.PermissionDenied, "change your one-time password first");
        var caller = WebSessions.CallerOf(session);
        var operation = OperationOf(http);
        UserPermissions.Require(caller, operation);
        if (operation == UserPermissions.DicomWebStore)
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
                throw new DomainException(DomainErrorKind.PermissionDenied, "the request carries no valid antiforgery token: send from the page");
        }
        return new DicomWebCaller(caller, sessions.TokenFor(session));
    }

    private static string OperationOf(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) ? UserPermissions.DicomWebStore : UserPermissions.DicomWebRead;
}
