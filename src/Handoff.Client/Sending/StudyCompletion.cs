using Grpc.Core;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// Completing a study, the one rule for every kind of upload: ask the server to complete it; while it says some
/// instance is not complete, declare the study again and send what it still lacks (chunks lost with a broken stream),
/// or, when it lacks nothing of ours, let it finish verifying the last instances. A few rounds, then a clear error.
/// </summary>
internal static class StudyCompletion
{
    private const int Rounds = 3;

    /// <param name="connection">The server.</param>
    /// <param name="retry">The retry rule for each call.</param>
    /// <param name="study">The study.</param>
    /// <param name="resendLacking">Declares the study again and sends what the server lacks: whether anything was sent, and whether the server lacks any chunk at all.</param>
    /// <param name="whyItCannot">When the server lacks chunks this upload will never send, why (names the instances); otherwise null.</param>
    /// <param name="cancellationToken">Cancels the completion.</param>
    public static async Task<StudyStatus> CompleteAsync(HandoffConnection connection, RetryPolicy retry, string study,
        Func<CancellationToken, Task<(bool Resent, bool ServerLacksAny)>> resendLacking, Func<string?> whyItCannot, CancellationToken cancellationToken)
    {
        var request = new CompleteStudyRequest { StudyInstanceUid = study };
        for (var round = 0; ; round++)
        {
            try
            {
                var status = await retry.RunAsync(token => connection.Uploads.CompleteStudyAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
                if (status.State == StudyState.Rejected)
                    throw new StudyRejectedException(study, status);
                return status;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                if (round == Rounds)
                    throw new HandoffException($"study {study}: the server still reports it incomplete after {Rounds} attempts to send what it lacks ({e.Status.Detail})", e);
            }
            var (resent, serverLacksAny) = await resendLacking(cancellationToken).ConfigureAwait(false);
            if (resent)
                continue;
            if (serverLacksAny && whyItCannot() is { } reason)
                throw new HandoffException($"study {study} cannot complete: {reason}");
            await StudyCompletionWait.UntilSettledAsync(connection.Uploads, retry, study, cancellationToken).ConfigureAwait(false);
        }
    }
}
