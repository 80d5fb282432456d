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

    [Id(3)]
    public string? Outcome { get; set; }
}
