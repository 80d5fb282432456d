using Grpc.Core;
using Handoff.Cli.Transfers;
using Handoff.Client;

namespace Handoff.Cli.Commands;

/// <summary>
/// The one place the library's failures become the line a person can act on and the exit code a script can test: the
/// key was refused, the server is unreachable (naming its address), the server's own message for not found and
/// invalid requests (which names the transfer, facility, instance or field), bytes that did not verify.
/// </summary>
internal static class FailureMessages
{
    public static CliFailure Describe(HandoffException e, ConnectionSettings? settings) => e switch
    {
        HandoffRefusedException refused => Refused(refused.StatusCode, refused.Detail, settings),
        HandoffUnavailableException unavailable when settings is { Servers.Count: > 1 } =>
            new CliFailure($"cannot reach any of: {settings.ServerList}{Cause(unavailable.Cause, "last error ")}", ExitCodes.Unreachable),
        HandoffUnavailableException unavailable =>
            new CliFailure($"cannot reach server {Server(settings)}{Cause(unavailable.Cause)}", ExitCodes.Unreachable),
        HandoffVerificationException => new CliFailure(e.Message, ExitCodes.VerificationFailed),
        InstanceConflictException => new CliFailure(e.Message, ExitCodes.InputError),
        // Rejected studies, transfers that ended, answers this client cannot use: the library's words stand.
        _ => new CliFailure(e.Message, ExitCodes.ServerRefused),
    };

    private static CliFailure Refused(StatusCode code, string detail, ConnectionSettings? settings)
    {
        var server = Server(settings);
        detail = detail.ReplaceLineEndings(" ").Trim();
        return code switch
        {
            StatusCode.Unauthenticated when settings?.Key is null =>
                new CliFailure($"{server} requires a key: pass --key or set {ConnectionSettings.KeyVariable}", ExitCodes.Unauthenticated),
            StatusCode.Unauthenticated => new CliFailure(WithDetail("the server refused the key", detail), ExitCodes.Unauthenticated),
            StatusCode.PermissionDenied => new CliFailure(WithDetail("permission denied", detail), ExitCodes.ServerRefused),
            StatusCode.NotFound => new CliFailure(WithDetail("not found", detail), ExitCodes.ServerRefused),
            StatusCode.InvalidArgument => new CliFailure(WithDetail("invalid request", detail), ExitCodes.ServerRefused),
            StatusCode.FailedPrecondition => new CliFailure(WithDetail("not possible in the current state", detail), ExitCodes.ServerRefused),
            StatusCode.AlreadyExists => new CliFailure(WithDetail("already exists", detail), ExitCodes.ServerRefused),
            StatusCode.ResourceExhausted => new CliFailure(WithDetail("the server refused for lack of resources", detail), ExitCodes.ServerRefused),
            StatusCode.DeadlineExceeded => new CliFailure($"{server} did not answer in time", ExitCodes.Unreachable),
            StatusCode.Unimplemented => new CliFailure($"{server} does not offer this call; is it a Handoff server of the same version?", ExitCodes.ServerRefused),
            StatusCode.Cancelled => new CliFailure("interrupted", ExitCodes.Interrupted),
            _ => new CliFailure(WithDetail($"server error ({code})", detail), ExitCodes.ServerRefused),
        };
    }

    private static string Server(ConnectionSettings? settings) => settings?.Server.ToString().TrimEnd('/') ?? "the server";

    // The server's messages often say it already ("transfer X was not found"); then they stand alone.
    private static string WithDetail(string summary, string detail) =>
        detail.Length == 0 ? summary : detail.Contains(summary, StringComparison.OrdinalIgnoreCase) ? detail : $"{summary}: {detail}";

    private static string Cause(string cause, string prefix = "") => cause.Length == 0 ? string.Empty : $" ({prefix}{cause})";
}
