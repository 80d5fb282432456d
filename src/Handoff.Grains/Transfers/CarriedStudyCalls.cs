using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Transfers;

/// <summary>
/// What a transfer asks of the studies it carries, each call made to every study at once: that they exist, to be
/// attached (held and told of progress), their content hashes for an acknowledgement, to stop telling it (detach)
/// and to let go (release). Releasing and detaching never throw: a study that cannot be reached is logged and, for a
/// release, reported so the caller can try again later.
/// </summary>
internal sealed partial class CarriedStudyCalls
{
    private readonly Func<string, string, IStudyGrain> _study;
    private readonly Guid _transferId;
    private readonly ILogger _logger;

    /// <param name="study">The study grain of (facility, study UID).</param>
    /// <param name="transferId">The transfer that attaches, detaches and releases.</param>
    /// <param name="logger">Where unreachable studies are reported.</param>
    public CarriedStudyCalls(Func<string, string, IStudyGrain> study, Guid transferId, ILogger logger)
    {
        _study = study;
        _transferId = transferId;
        _logger = logger;
    }

    /// <summary>NOT_FOUND naming the first of <paramref name="studyInstanceUids"/> that <paramref name="facilityId"/> never declared.</summary>
    public async Task RequireExistAsync(string facilityId, IReadOnlyList<string> studyInstanceUids)
    {
        var exists = await Task.WhenAll(studyInstanceUids.Select(uid => _study(facilityId, uid).Exists()));
        var missing = Array.IndexOf(exists, false);
        if (missing >= 0)
            throw DomainException.NotFound($"study {studyInstanceUids[missing]} not found for facility '{facilityId}'");
    }

    /// <summary>Attaches the transfer to each study (idempotent on the study's side) and returns their totals, in order.</summary>
    public async Task<List<TransferStudyRecord>> AttachAsync(string facilityId, IReadOnlyList<string> studyInstanceUids)
    {
        var statuses = await Task.WhenAll(studyInstanceUids.Select(uid => _study(facilityId, uid).AttachTransfer(_transferId)));
        var totals = new List<TransferStudyRecord>(statuses.Length);
        for (var i = 0; i < statuses.Length; i++)
        {
            var status = statuses[i];
            totals.Add(new TransferStudyRecord(
                studyInstanceUids[i], status.InstancesDeclared, status.InstancesComplete, status.BytesDeclared,
                status.State == StudyState.Complete));
        }

        return totals;
    }

    /// <summary>
    /// (study, SOP Instance UID) → content hash over every study, read from the studies themselves; an instance not
    /// verified yet maps to "", which no receipt matches.
    /// </summary>
    public async Task<Dictionary<InstanceKey, string>> ExpectedContentHashesAsync(string facilityId, IReadOnlyList<string> studyInstanceUids)
    {
        var manifests = await Task.WhenAll(studyInstanceUids.Select(uid => _study(facilityId, uid).GetManifest()));
        var expected = new Dictionary<InstanceKey, string>();
        foreach (var manifest in manifests)
        {
            foreach (var instance in manifest.Instances)
                expected[new InstanceKey(manifest.StudyInstanceUid, instance.SopInstanceUid)] = instance.Available ? instance.ContentHash : "";
        }

        return expected;
    }

    /// <summary>Lets go of every study; false when one could not be told (the caller tries again later).</summary>
    public async Task<bool> ReleaseAllAsync(string facilityId, IReadOnlyList<string> studyInstanceUids)
    {
        var results = await Task.WhenAll(studyInstanceUids.Select(uid => ReleaseAsync(facilityId, uid)));
        return Array.TrueForAll(results, released => released);
    }

    /// <summary>Stops the studies' progress reports (an acknowledged transfer needs none) but keeps their holds.</summary>
    public Task DetachAllAsync(string facilityId, IReadOnlyList<string> studyInstanceUids) =>
        Task.WhenAll(studyInstanceUids.Select(uid => DetachAsync(facilityId, uid)));

    private async Task<bool> ReleaseAsync(string facilityId, string studyInstanceUid)
    {
        try
        {
            await _study(facilityId, studyInstanceUid).ReleaseTransfer(_transferId);
            return true;
        }
        catch (Exception exception)
        {
            LogReleaseFailed(_logger, exception, _transferId, studyInstanceUid);
            return false;
        }
    }

    private async Task DetachAsync(string facilityId, string studyInstanceUid)
    {
        try
        {
            await _study(facilityId, studyInstanceUid).DetachTransfer(_transferId);
        }
        catch (Exception exception)
        {
            LogDetachFailed(_logger, exception, _transferId, studyInstanceUid);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: detaching from study {StudyInstanceUid} failed")]
    private static partial void LogDetachFailed(ILogger logger, Exception exception, Guid transferId, string studyInstanceUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: releasing study {StudyInstanceUid} failed; retried when the expiry reminder fires")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, Guid transferId, string studyInstanceUid);
}
