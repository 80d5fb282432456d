using Handoff.Contracts.Studies;
using Handoff.Server.Errors;

namespace Handoff.Server.Sending;

/// <summary>
/// Tells one study grain which chunks are now stored, verifies the instances that completes, and reports them
/// verified or rejected; shared by every upload stream of the study on this server. Two group commits: stored
/// chunks go to the grain in batches, and so do verdicts, while header checks run on the streams' own threads in
/// between. Under load the grain writes its state once per batch, not once per chunk or instance.
/// </summary>
public sealed class StudyChunkRecorder
{
    private static readonly TimeSpan VerdictLinger = TimeSpan.FromMilliseconds(25);
    private const int VerdictFullBatch = 64;

    private readonly IStudyGrain _study;
    private readonly string _studyInstanceUid;
    private readonly InstanceVerifier _verifier;
    private readonly int _chunkSize;
    private readonly GroupCommit<string, IReadOnlyList<PendingInstance>> _storedChunks;
    private readonly GroupCommit<IReadOnlyList<InstanceVerification>, bool> _verdicts;

    public StudyChunkRecorder(IStudyGrain study, string studyInstanceUid, InstanceVerifier verifier, int chunkSize)
    {
        _study = study;
        _studyInstanceUid = studyInstanceUid;
        _verifier = verifier;
        _chunkSize = chunkSize;
        Declared = new DeclaredChunkView(study);
        _storedChunks = new GroupCommit<string, IReadOnlyList<PendingInstance>>(RecordStoredAsync);
        // Each verdict commit rewrites the study's state (hundreds of kilobytes for a big study): linger briefly so a
        // 2000-instance upload writes it dozens of times, not thousands. Availability is delayed by at most the linger.
        _verdicts = new GroupCommit<IReadOnlyList<InstanceVerification>, bool>(ReportAsync, VerdictLinger, VerdictFullBatch);
    }

    /// <summary>What the study declares, shared by its upload streams on this server.</summary>
    public DeclaredChunkView Declared { get; }

    /// <summary>
    /// Records one stored chunk; returns the SOP Instance UIDs it completed (verified, downloadable). Throws
    /// <see cref="InstanceRejectedException"/> when an instance it completed was refused.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecordAsync(string chunkHash, CancellationToken cancellationToken)
    {
        var completed = await _storedChunks.SubmitAsync(chunkHash, cancellationToken);
        if (completed.Count == 0)
            return [];
        var verdicts = Verify(completed);
        await _verdicts.SubmitAsync(verdicts, cancellationToken);
        ThrowIfRejected(verdicts);
        var uids = new List<string>(verdicts.Count);
        foreach (var verdict in verdicts)
            uids.Add(verdict.Instance.SopInstanceUid);
        return uids;
    }

    /// <summary>
    /// After a declaration: verifies every instance that is complete but unchecked (an instance whose chunks this
    /// study already had, or one left pending by a restart). Throws for the first instance refused.
    /// </summary>
    public async Task VerifyPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await _study.GetPendingInstances();
        if (pending.Count == 0)
            return;
        var verdicts = Verify(pending);
        await _verdicts.SubmitAsync(verdicts, cancellationToken);
        ThrowIfRejected(verdicts);
    }

    private List<InstanceVerification> Verify(IReadOnlyList<PendingInstance> instances)
    {
        var verdicts = new List<InstanceVerification>(instances.Count);
        foreach (var instance in instances)
            verdicts.Add(_verifier.Verify(_studyInstanceUid, instance, _chunkSize));
        return verdicts;
    }

    private async Task<IReadOnlyList<IReadOnlyList<PendingInstance>>> RecordStoredAsync(IReadOnlyList<string> hashes)
    {
        var distinct = new List<string>(hashes.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hash in hashes)
        {
            if (seen.Add(hash))
                distinct.Add(hash);
        }
        var completed = await _study.RecordStoredChunks(distinct);
        return CompletedInstanceAttribution.Attribute(hashes, completed);
    }

    private async Task<IReadOnlyList<bool>> ReportAsync(IReadOnlyList<IReadOnlyList<InstanceVerification>> batches)
    {
        var verified = new List<VerifiedInstance>();
        var problems = new List<InstanceProblem>();
        foreach (var batch in batches)
        {
            foreach (var verdict in batch)
            {
                if (verdict.Verified is { } ok)
                    verified.Add(ok);
                else if (verdict.Problem is { } problem)
                    problems.Add(problem);
            }
        }
        if (verified.Count > 0)
            await _study.RecordVerifiedInstances(verified);
        if (problems.Count > 0)
            await _study.RecordRejectedInstances(problems);
        var done = new bool[batches.Count];
        Array.Fill(done, true);
        return done;
    }

    private static void ThrowIfRejected(IReadOnlyList<InstanceVerification> verdicts)
    {
        foreach (var verdict in verdicts)
        {
            if (verdict.Problem is { } problem)
                throw new InstanceRejectedException(problem.SopInstanceUid, problem.SourceName, problem.Reason);
        }
    }
}
