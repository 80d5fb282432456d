using Handoff.Contracts.Errors;
using Handoff.Contracts.Retention;

namespace Handoff.Grains.Retention;

/// <summary>
/// The studies held for one facility (key: facility id). Written once when a study first stores its state and once
/// when it clears it, never on upload progress. An entry whose study has no state any more (its removal failed after
/// the clear) costs the collector one empty answer and keeps nothing alive, so it is left for the study to remove.
/// </summary>
public sealed class StudyRegistryGrain : Grain, IStudyRegistryGrain
{
    private readonly IPersistentState<StudyRegistryGrainState> _state;

    public StudyRegistryGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<StudyRegistryGrainState> state)
    {
        _state = state;
    }

    private List<string> Uids => _state.State.StudyInstanceUids;

    public async Task Add(string studyInstanceUid)
    {
        if (string.IsNullOrEmpty(studyInstanceUid))
            throw DomainException.Invalid("studyInstanceUid is required");
        var index = Uids.BinarySearch(studyInstanceUid, StringComparer.Ordinal);
        if (index >= 0)
            return;
        Uids.Insert(~index, studyInstanceUid);
        await SaveAsync();
    }

    public async Task Remove(string studyInstanceUid)
    {
        var index = Uids.BinarySearch(studyInstanceUid ?? "", StringComparer.Ordinal);
        if (index < 0)
            return;
        Uids.RemoveAt(index);
        await SaveAsync();
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>(Uids.ToArray());

    private async Task SaveAsync()
    {
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            // Drop the unsaved change with the activation: the next call reloads the stored list.
            this.DeactivateOnIdle();
            throw;
        }
    }
}
