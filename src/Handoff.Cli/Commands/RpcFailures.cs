using Grpc.Core;
using Handoff.Cli.Transfers;

namespace Handoff.Cli.Commands;

/// <summary>
/// Turns a gRPC status into the one line a person can act on and the exit code a script can test: the key was
/// refused, the server is unreachable (naming its address), or the server's own message for not found and
/// invalid requests, which names the transfer, facility, instance or field.
/// </summary>
internal static class RpcFailures
{
    public static CliFailure Describe(RpcException e, ConnectionSettings? settings)
    {
        var server = settings?.Server.ToString().TrimEnd('/') ?? "the server";
        var detail = e.Status.Detail.ReplaceLineEndings(" ").Trim();
        return e.StatusCode switch
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
            _ when RetryPolicy.IsTransient(e) && settings is { Servers.Count: > 1 } =>
                new CliFailure($"cannot reach any of: {settings.ServerList}{Cause(e, "last error ")}", ExitCodes.Unreachable),
            _ when RetryPolicy.IsTransient(e) => new CliFailure($"cannot reach server {server}{Cause(e)}", ExitCodes.Unreachable),
            _ => new CliFailure(WithDetail($"server error ({e.StatusCode})", detail), ExitCodes.ServerRefused),
        };
    }

    // The server's messages often say it already ("transfer X was not found"); then they stand alone.
    private static string WithDetail(string summary, string detail) =>
        detail.Length == 0 ? summary : detail.Contains(summary, StringComparison.OrdinalIgnoreCase) ? detail : $"{summary}: {detail}";

    /// <summary>The innermost transport error ("Connection refused"), which says more than gRPC's wrapper text.</summary>
    private static string Cause(RpcException e, string prefix = "")
    {
        var inner = e.Status.DebugException;
        while (inner?.InnerException is not null)
            inner = inner.InnerException;
        var message = inner?.Message ?? e.Status.Detail;
        return string.IsNullOrWhiteSpace(message) ? string.Empty : $" ({prefix}{message.ReplaceLineEndings(" ").Trim()})";
    }
}
