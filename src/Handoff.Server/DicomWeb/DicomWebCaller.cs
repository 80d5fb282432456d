using Handoff.Contracts.Errors;
using Handoff.Server.Security;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// The facility a DICOMweb request acts for, from <c>Authorization: Bearer &lt;facility key&gt;</c>, checked by the
/// same <see cref="ApiKeyAuthenticator"/> as every gRPC call. Without a valid key: 401 with a Bearer challenge; the
/// operator key: 403 (it administers, it does not send or receive).
/// </summary>
public sealed record DicomWebCaller(string FacilityId, string ApiKey)
{
    public static async Task<DicomWebCaller> AuthenticateAsync(HttpContext http, ApiKeyAuthenticator keys)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(keys);
        var key = ApiKeyAuthenticator.BearerKey(http.Request.Headers.Authorization.ToString()) ?? throw ApiKeyAuthenticator.MissingKey();
        var caller = await keys.AuthenticateAsync(key).ConfigureAwait(false);
        return new DicomWebCaller(caller.FacilityId ?? throw new DomainException(DomainErrorKind.PermissionDenied, "DICOMweb needs a facility API key, not the operator key"), key);
    }
}
