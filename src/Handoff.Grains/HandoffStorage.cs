namespace Handoff.Grains;

/// <summary>
/// Where every grain keeps its state. The host registers one storage provider under this name (file-backed in the
/// embedded profile, Azure in the cluster profiles, memory in tests), so grains never name a concrete store.
/// </summary>
internal static class HandoffStorage
{
    public const string ProviderName = "handoff";

    public const string StateName = "state";
}
