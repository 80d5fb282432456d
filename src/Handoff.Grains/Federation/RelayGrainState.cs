using Handoff.Contracts.Federation;

namespace Handoff.Grains.Federation;

[GenerateSerializer, Alias("handoff.grains.RelayGrainState")]
public sealed class RelayGrainState
{
    [Id(0)]
    public string Peer { get; set; } = "";

    [Id(1)]
    public string? RemoteTransferId { get; set; }

    [Id(2)]
    public bool Finished { get; set; }

    /// <summary>How relays finished before outcomes were an enum said it (see <see cref="RelayOutcomes.FromText"/>); no longer written.</summary>
    [Id(3)]
    public string? OutcomeText { get; set; }

    [Id(4)]
    public RelayOutcome? Outcome { get; set; }
}
