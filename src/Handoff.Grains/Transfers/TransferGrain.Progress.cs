using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>
/// What the studies report: instances that became available (cut-through: the destination may pull each one
/// at once), studies completing or reopening, and the transfer becoming available when every study is complete.
/// </summary>
public sealed partial class TransferGrain
{
    public async Task OnStudyProgress(StudyProgress progress)
    {
        // A study may report to a transfer that never finished being created, or that is already settled.
        if (!State.Created || TransferStates.IsFinal(State.Status) || progress?.Totals is null)
            return;
        var index = State.Studies.FindIndex(s => s.StudyInstanceUid == progress.StudyInstanceUid);
        if (index < 0)
            return;

        var before = State.Studies[index];
        var totals = progress.Totals with { StudyInstanceUid = before.StudyInstanceUid };
        var statusBefore = State.Status;
        var eventsBefore = State.Timeline.Count;

        // New instances declared into a complete study reopen it: the destination has more to wait for.
        if (before.Complete && !totals.Complete && State.Status is TransferStatus.Available or TransferStatus.Delivered)
            State.Status = TransferStatus.Receiving;
        foreach (var sopInstanceUid in progress.NewlyAvailableSopInstanceUids ?? [])
            Append(TransferEventKind.InstanceAvailable, State.SourceFacilityId, before.StudyInstanceUid, sopInstanceUid);
        State.Studies[index] = totals;
        if (totals.Complete && !before.Complete)
            Append(TransferEventKind.StudyComplete, State.SourceFacilityId, before.StudyInstanceUid, detail: $"{totals.InstancesDeclared} instances");
        BecomeAvailableIfComplete();

        // Repeated totals (a study's activation resends them) change nothing and cost no write.
        if (totals == before && State.Status == statusBefore && State.Timeline.Count == eventsBefore)
            return;
        await CommitAsync();
        if (State.Status != statusBefore)
            LogState(TransferId, State.Status);
    }

    /// <summary>Receiving → Available once every study is complete, with its event.</summary>
    private void BecomeAvailableIfComplete()
    {
        if (State.Status is not (TransferStatus.Created or TransferStatus.Receiving))
            return;
        foreach (var study in State.Studies)
        {
            if (!study.Complete)
                return;
        }

        State.Status = TransferStatus.Available;
        Append(TransferEventKind.Available, State.SourceFacilityId, detail: $"{State.Studies.Count} studies ready to download");
    }
}
