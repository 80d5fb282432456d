using Handoff.Contracts.Federation;

namespace Handoff.Grains.Federation;

/// <summary>The peers by name (sorted, ordinal); each kept as its immutable record and replaced on change.</summary>
[GenerateSerializer, Alias("handoff.grains.PeerRegistryGrainState")]
public sealed class PeerRegistryGrainState
{
    [Id(0)]
    public SortedDictionary<string, PeerInfo> Peers { get; set; } = new(StringComparer.Ordinal);
}
