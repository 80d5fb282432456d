using Handoff.Contracts.Errors;
using Handoff.Contracts.Federation;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>
/// Federation on the transfer: a destination "facility@network" is a facility of a peer network. Such a transfer
/// is relayed there by <see cref="IRelayGrain"/>, which records what it sees here; the destination's download and
/// acknowledgement come back through the relay as <see cref="MarkDownloaded"/> and <see cref="Acknowledge"/> with
/// the remote facility as actor, so the source sees the same states and the destination's proof.
/// </summary>
public sealed partial class TransferGrain
{
    private static readonly TransferEventKind[] RelayKinds = [TransferEventKind.Relayed, TransferEventKind.RelayWaiting, TransferEventKind.RemoteAvailable];

    public async Task RecordRelay(TransferEventKind kind, string actor, string detail)
    {
        RequireCreated();
        if (!RelayKinds.Contains(kind))
            throw DomainException.Invalid($"{kind} is not a relay event");
        if (!FacilityAddress.Parse(State.DestinationFacilityId).IsRemote)
            throw DomainException.WrongState($"transfer {TransferId} goes to a local facility; it is not relayed");
        if (TransferStates.IsFinal(State.Status))
            return;
        var last = State.Timeline.LastOrDefault(e => RelayKinds.Contains(e.Kind));
        if (last is not null && last.Kind == kind && last.Detail == detail)
            return;
        if (kind != TransferEventKind.RelayWaiting && State.Timeline.Any(e => e.Kind == kind))
            return;
        Append(kind, actor, detail: detail);
        await CommitAsync();
    }

    /// <summary>The relay is started once the transfer exists; it runs until the transfer settles.</summary>
    private async Task StartRelayIfRemoteAsync()
    {
        var destination = FacilityAddress.Parse(State.DestinationFacilityId);
        if (destination.Network is { } network)
            await GrainFactory.GetGrain<IRelayGrain>(TransferId).Start(network);
    }

    private static bool IsRemote(string facilityAddress) => FacilityAddress.Parse(facilityAddress).IsRemote;
}
