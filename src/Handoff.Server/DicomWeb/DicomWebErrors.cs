using Handoff.Client;
using Handoff.Contracts.Errors;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// The one place DICOMweb maps failures to HTTP: a refused key is 401 (with a Bearer challenge), a domain error its
/// status (not found is 404 for what does not exist and for what is another facility's alike), a refused request its
/// own status, an unreachable back end 503. The body is <c>application/problem+json</c> with the reason.
/// </summary>
public static class DicomWebErrors
{
    public static async Task AnswerAsync(HttpContext http, Func<Task> handle)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(handle);
        int status;
        string detail;
        try
        {
            await handle().ConfigureAwait(false);
            return;
        }
        catch (DomainException e)
        {
            (status, detail) = (StatusOf(e.Kind), e.Message);
        }
        catch (StowRequestException e)
        {
            (status, detail) = (e.StatusCode, e.Message);
        }
        catch (NotAcceptableException e)
        {
            (status, detail) = (StatusCodes.Status406NotAcceptable, e.Message);
        }
        catch (Exception e) when (e is HandoffUnavailableException or Errors.UnavailableException)
        {
            (status, detail) = (StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            (status, detail) = (e.StatusCode, e.Message);
        }
        catch (HandoffRefusedException e)
        {
            // The server's own gRPC refused the backend's call (a rate limit, a key disabled meanwhile): its status.
            (status, detail) = (StatusOf(e.StatusCode), e.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away: no one to answer
        }
        if (http.Response.HasStarted)
            return;
        http.Response.Clear();
        if (status == StatusCodes.Status401Unauthorized)
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"handoff\"";
        await Results.Problem(detail: detail, statusCode: status).ExecuteAsync(http).ConfigureAwait(false);
    }

    public static int StatusOf(Grpc.Core.StatusCode code) => code switch
    {
        Grpc.Core.StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
        Grpc.Core.StatusCode.NotFound => StatusCodes.Status404NotFound,
        Grpc.Core.StatusCode.AlreadyExists or Grpc.Core.StatusCode.FailedPrecondition => StatusCodes.Status409Conflict,
        Grpc.Core.StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        Grpc.Core.StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        Grpc.Core.StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.InvalidArgument => StatusCodes.Status400BadRequest,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.AlreadyExists => StatusCodes.Status409Conflict,
        DomainErrorKind.FailedPrecondition => StatusCodes.Status409Conflict,
        DomainErrorKind.PermissionDenied => StatusCodes.Status403Forbidden,
        DomainErrorKind.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        DomainErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status500InternalServerError,
    };
}
