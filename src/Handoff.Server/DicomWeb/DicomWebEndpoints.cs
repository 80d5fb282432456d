using Handoff.Client;
using Handoff.Contracts.Errors;
using Handoff.Protos.V1;
using Handoff.Server.Security;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// DICOMweb (PS3.18) under <c>/dicomweb</c> on the web endpoint. STOW-RS sends: <c>POST /dicomweb/to/{destination}/studies[/{study}]</c>
/// with an optional <c>?priority=stat|urgent|routine</c> and <c>reason=</c>. Errors are <c>application/problem+json</c>
/// with the status PS3.18 gives and a sentence naming what was wrong.
/// </summary>
public static class DicomWebEndpoints
{
    public const string BasePath = "/dicomweb";
    private const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapDicomWeb(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var dicomweb = app.MapGroup(BasePath);
        dicomweb.MapPost("/to/{destination}/studies", (HttpContext http, string destination) => StoreAsync(http, destination, null));
        dicomweb.MapPost("/to/{destination}/studies/{study}", (HttpContext http, string destination, string study) => StoreAsync(http, destination, study));
        return app;
    }

    private static Task StoreAsync(HttpContext http, string destination, string? study) => DicomWebErrors.AnswerAsync(http, async () =>
    {
        var services = http.RequestServices;
        var caller = await DicomWebCaller.AuthenticateAsync(http, services.GetRequiredService<ApiKeyAuthenticator>()).ConfigureAwait(false);
        var target = new StowTarget(destination, PriorityOf(http.Request.Query["priority"].ToString()), ReasonOf(http.Request.Query["reason"].ToString()), study);
        await services.GetRequiredService<StowService>().StoreAsync(http, caller.FacilityId, caller.ApiKey, target, RetrieveBase(http)).ConfigureAwait(false);
    });

    private static Priority PriorityOf(string text) => text.ToUpperInvariant() switch
    {
        "" or "ROUTINE" => Priority.Routine,
        "URGENT" => Priority.Urgent,
        "STAT" => Priority.Stat,
        _ => throw new DomainException(DomainErrorKind.InvalidArgument, $"priority '{text}' is not one of stat, urgent, routine"),
    };

    private static string ReasonOf(string text)
    {
        if (text.Length > MaxReasonLength)
            throw new DomainException(DomainErrorKind.InvalidArgument, $"reason is longer than {MaxReasonLength} characters");
        return text.Length > 0 ? text : "stored by DICOMweb STOW-RS";
    }

    /// <summary>The base of WADO-RS URLs in responses: this request's scheme and host, and the DICOMweb path.</summary>
    private static string RetrieveBase(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{BasePath}";
}
