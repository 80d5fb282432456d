using Handoff.Contracts.Facilities;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Server.Options;
using Microsoft.Extensions.Options;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// What a facility may see through DICOMweb: the studies of the transfers it sent or received (newest transfers
/// first, at most <see cref="DicomWebOptions.MaxTransfersSearched"/> of them), each once. A study is visible only
/// with the instances that have arrived: while a transfer is still arriving, the rest appears as it does.
/// </summary>
public sealed class VisibleStudies
{
    private readonly IGrainFactory _grains;
    private readonly int _maxTransfers;

    public VisibleStudies(IGrainFactory grains, IOptions<DicomWebOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _grains = grains;
        _maxTransfers = options.Value.MaxTransfersSearched;
    }

    /// <summary>The visible studies, optionally only those with one of <paramref name="studyUids"/>; and whether older transfers were left out.</summary>
    public async Task<(IReadOnlyList<VisibleStudy> Studies, bool Truncated)> ListAsync(string facilityId, IReadOnlySet<string>? studyUids = null)
    {
        var (transfers, truncated) = await TransfersAsync(facilityId);
        var seen = new HashSet<(string, string)>();
        var keys = new List<(string Source, string Study)>();
        foreach (var transfer in transfers)
        {
            foreach (var study in transfer.Studies)
            {
                if ((studyUids is null || studyUids.Contains(study.StudyInstanceUid)) && seen.Add((transfer.SourceFacilityId, study.StudyInstanceUid)))
                    keys.Add((transfer.SourceFacilityId, study.StudyInstanceUid));
            }
        }
        var summaries = await Task.WhenAll(keys.Select(k => _grains.GetGrain<IStudyGrain>(StudyKey.Of(k.Source, k.Study)).GetManifestOf([])));
        var studies = new List<VisibleStudy>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            if (summaries[i].Status.InstancesComplete > 0)
                studies.Add(new VisibleStudy(keys[i].Source, keys[i].Study, summaries[i]));
        }
        return (studies, truncated);
    }

    /// <summary>The visible study with this UID (the newest transfer's when two sources sent one), or null: not found, or another facility's.</summary>
    public async Task<VisibleStudy?> FindAsync(string facilityId, string studyInstanceUid)
    {
        var (studies, _) = await ListAsync(facilityId, new HashSet<string>(StringComparer.Ordinal) { studyInstanceUid });
        return studies.Count > 0 ? studies[0] : null;
    }

    /// <summary>The study's manifest with every instance that has arrived (verified), for series and instance queries and retrieval.</summary>
    public async Task<StudyManifest> ManifestAsync(VisibleStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var manifest = await _grains.GetGrain<IStudyGrain>(study.Key).GetManifest();
        return manifest with { Instances = [.. manifest.Instances.Where(i => i.Available)] };
    }

    private async Task<(List<TransferRecord> Transfers, bool Truncated)> TransfersAsync(string facilityId)
    {
        var facility = _grains.GetGrain<IFacilityGrain>(facilityId);
        // Both lists are newest first: the newest N of each hold the newest N of both.
        var inbox = await facility.ListTransfers(Mailbox.Inbox);
        var outbox = await facility.ListTransfers(Mailbox.Outbox);
        var ids = new HashSet<Guid>(inbox.Take(_maxTransfers));
        ids.UnionWith(outbox.Take(_maxTransfers));
        var records = await Task.WhenAll(ids.Select(id => _grains.GetGrain<ITransferGrain>(id).Get()));
        var transfers = records.OfType<TransferRecord>().Where(t => t.State is not (TransferStatus.Cancelled or TransferStatus.Expired))
            .OrderByDescending(t => t.CreatedAt).ToList();
        var truncated = transfers.Count > _maxTransfers || inbox.Count > _maxTransfers || outbox.Count > _maxTransfers;
        return (transfers.Count > _maxTransfers ? transfers[.._maxTransfers] : transfers, truncated);
    }
}
