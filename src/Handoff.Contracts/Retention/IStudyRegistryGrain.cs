namespace Handoff.Contracts.Retention;

/// <summary>
/// The studies held for one facility (key: the facility id): where the chunk collector finds every study whose chunks
/// are still in use, without a scan of grain storage. A study adds itself before it first stores its state and removes
/// itself after it has cleared that state, so a study with stored chunk hashes is always listed here.
/// </summary>
public interface IStudyRegistryGrain : IGrainWithStringKey
{
    Task Add(string studyInstanceUid);

    Task Remove(string studyInstanceUid);

    [ReadOnly]
    Task<IReadOnlyList<string>> List();
}
