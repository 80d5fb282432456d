using Handoff.Client;
using Handoff.Contracts.Errors;
using Handoff.Protos.V1;
using Handoff.Server.Security;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// DICOMweb (PS3.18) under <c>/dicomweb</c> on the web endpoint. STOW-RS sends: <c>POST /dicomweb/to/{destination}/studies[/{study}]</c>
/// with an optional <c>?priority=stat|urgent|routine</c> and <c>reason=</c>; QIDO-RS searches and WADO-RS retrieves
/// at <c>/dicomweb/studies…</c>, over the transfers the facility sent or received. Errors are
/// <c>application/problem+json</c> with the status PS3.18 gives and a sentence naming what was wrong.
/// </summary>
public static class DicomWebEndpoints
{
    public const string BasePath = "/dicomweb";
    private const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapDicomWeb(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var dicomweb = app.MapGroup(BasePath);
        // STOW-RS: the destination is part of the URL, so a sending system is configured once per destination.
        dicomweb.MapPost("/to/{destination}/studies", (HttpContext http, string destination) => StoreAsync(http, destination, null));
        dicomweb.MapPost("/to/{destination}/studies/{study}", (HttpContext http, string destination, string study) => StoreAsync(http, destination, study));

        // QIDO-RS
        dicomweb.MapGet("/studies", (HttpContext http) => Search(http, QidoService.Level.Study, null, null));
        dicomweb.MapGet("/series", (HttpContext http) => Search(http, QidoService.Level.Series, null, null));
        dicomweb.MapGet("/instances", (HttpContext http) => Search(http, QidoService.Level.Instance, null, null));
        dicomweb.MapGet("/studies/{study}/series", (HttpContext http, string study) => Search(http, QidoService.Level.Series, study, null));
        dicomweb.MapGet("/studies/{study}/instances", (HttpContext http, string study) => Search(http, QidoService.Level.Instance, study, null));
        dicomweb.MapGet("/studies/{study}/series/{series}/instances", (HttpContext http, string study, string series) => Search(http, QidoService.Level.Instance, study, series));

        // WADO-RS
        dicomweb.MapGet("/studies/{study}", (HttpContext http, string study) => Retrieve(http, study, null, null));
        dicomweb.MapGet("/studies/{study}/series/{series}", (HttpContext http, string study, string series) => Retrieve(http, study, series, null));
        dicomweb.MapGet("/studies/{study}/series/{series}/instances/{instance}", (HttpContext http, string study, string series, string instance) => Retrieve(http, study, series, instance));
        dicomweb.MapGet("/studies/{study}/metadata", (HttpContext http, string study) => Metadata(http, study, null, null));
        dicomweb.MapGet("/studies/{study}/series/{series}/metadata", (HttpContext http, string study, string series) => Metadata(http, study, series, null));
        dicomweb.MapGet("/studies/{study}/series/{series}/instances/{instance}/metadata", (HttpContext http, string study, string series, string instance) => Metadata(http, study, series, instance));
        dicomweb.MapGet("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}", (HttpContext http, string study, string series, string instance, string frames) =>
            AsCaller(http, caller => Wado(http).FramesAsync(http, caller.Caller, study, series, instance, frames)));
        dicomweb.MapGet("/studies/{study}/series/{series}/instances/{instance}/bulkdata/{**path}", (HttpContext http, string study, string series, string instance, string path) =>
            AsCaller(http, caller => Wado(http).BulkDataAsync(http, caller.Caller, study, series, instance, path)));
        dicomweb.MapGet("/studies/{study}/series/{series}/instances/{instance}/rendered", (HttpContext http, string study, string series, string instance) =>
            AsCaller(http, caller => Wado(http).RenderedAsync(http, caller.Caller, study, series, instance, 1)));
        dicomweb.MapGet("/studies/{study}/series/{series}/instances/{instance}/frames/{frame:int}/rendered", (HttpContext http, string study, string series, string instance, int frame) =>
            AsCaller(http, caller => Wado(http).RenderedAsync(http, caller.Caller, study, series, instance, frame)));
        return app;
    }

    private static WadoService Wado(HttpContext http) => http.RequestServices.GetRequiredService<WadoService>();

    private static Task StoreAsync(HttpContext http, string destination, string? study) => AsCaller(http, caller =>
    {
        var target = new StowTarget(destination, PriorityOf(http.Request.Query["priority"].ToString()), ReasonOf(http.Request.Query["reason"].ToString()), study,
            SendIdOf(http.Request.Query["send"].ToString()))
        {
            ExpectedArrival = EtaOf(http.Request.Query["eta"].ToString()),
        };
        return http.RequestServices.GetRequiredService<StowService>().StoreAsync(http, caller.FacilityId, caller.ApiKey, target, RetrieveBase(http));
    });

    private static Task Search(HttpContext http, QidoService.Level level, string? study, string? series) => AsCaller(http, caller =>
        http.RequestServices.GetRequiredService<QidoService>().SearchAsync(http, caller.Caller, level, study, series, RetrieveBase(http)));

    private static Task Retrieve(HttpContext http, string study, string? series, string? instance) => AsCaller(http, caller =>
        http.RequestServices.GetRequiredService<WadoService>().RetrieveAsync(http, caller.Caller, study, series, instance));

    private static Task Metadata(HttpContext http, string study, string? series, string? instance) => AsCaller(http, caller =>
        http.RequestServices.GetRequiredService<WadoService>().MetadataAsync(http, caller.Caller, study, series, instance, RetrieveBase(http)));

    /// <summary>
    /// Authenticates the facility, runs the handler, and answers any failure the one way DICOMweb does. A request
    /// refused as not found or not allowed is audited in the caller's log too (which study it reached for is in the
    /// path: UIDs only), so probing for other facilities' studies leaves a trace.
    /// </summary>
    private static Task AsCaller(HttpContext http, Func<DicomWebCaller, Task> handle) => DicomWebErrors.AnswerAsync(http, async () =>
    {
        var caller = await DicomWebCaller.AuthenticateAsync(http, http.RequestServices.GetRequiredService<ApiKeyAuthenticator>()).ConfigureAwait(false);
        try
        {
            await handle(caller).ConfigureAwait(false);
        }
        catch (DomainException refused) when (refused.Kind is DomainErrorKind.NotFound or DomainErrorKind.PermissionDenied)
        {
            var outcome = refused.Kind == DomainErrorKind.NotFound ? "not-found" : "denied";
            await http.RequestServices.GetRequiredService<DicomWebAudit>().WriteAsync(caller.Caller, DicomWebAudit.Refused, "request",
                $"{http.Request.Method} {http.Request.Path}", [], outcome, refused.Message).ConfigureAwait(false);
            throw;
        }
    });

    private static Priority PriorityOf(string text) => text.ToUpperInvariant() switch
    {
        "" or "ROUTINE" => Priority.Routine,
        "URGENT" => Priority.Urgent,
        "STAT" => Priority.Stat,
        _ => throw new DomainException(DomainErrorKind.InvalidArgument, $"priority '{text}' is not one of stat, urgent, routine"),
    };

    private static DateTimeOffset? EtaOf(string text)
    {
        if (text.Length == 0)
            return null;
        try
        {
            return ArrivalTime.Parse(text, DateTimeOffset.UtcNow);
        }
        catch (FormatException e)
        {
            throw new DomainException(DomainErrorKind.InvalidArgument, $"eta: {e.Message}");
        }
    }

    private static string? SendIdOf(string text)
    {
        if (text.Length == 0)
            return null;
        if (text.Length is < 8 or > 64 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new DomainException(DomainErrorKind.InvalidArgument, "send must be 8 to 64 letters, digits and '-'");
        return text;
    }

    private static string ReasonOf(string text)
    {
        if (text.Length > MaxReasonLength)
            throw new DomainException(DomainErrorKind.InvalidArgument, $"reason is longer than {MaxReasonLength} characters");
        return text.Length > 0 ? text : "stored by DICOMweb STOW-RS";
    }

    /// <summary>The base of WADO-RS URLs in responses: this request's scheme and host, and the DICOMweb path.</summary>
    private static string RetrieveBase(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{BasePath}";
}
