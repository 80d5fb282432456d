using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// Waits for the server to finish with a study whose chunks have all arrived: it still verifies and parses the
/// instances the last chunks completed. Polls GetStudyStatus with a deadline rather than sleeping a fixed time.
/// </summary>
internal static class StudyCompletionWait
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static async Task UntilSettledAsync(Uploads.UploadsClient client, RetryPolicy retry, string studyInstanceUid, CancellationToken cancellationToken)
    {
        var request = new GetStudyStatusRequest { StudyInstanceUid = studyInstanceUid };
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            var status = await retry.RunAsync(token => client.GetStudyStatusAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
            if (status.State != StudyState.Receiving || status.InstancesComplete >= status.InstancesDeclared)
                return;
            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
