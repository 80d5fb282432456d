using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests.Infrastructure;

/// <summary>
/// A source facility on north and a destination on south, the destination exported to north and imported there:
/// what two operators set up before the first federated transfer. Names are the test's own (pairs are shared).
/// </summary>
public sealed record FederatedFacilities(HandoffApi Source, string SourceId, HandoffApi Destination, string DestinationId)
{
    /// <summary>"destination@south": what the source sends to.</summary>
    public string RemoteAddress => $"{DestinationId}@south";

    public static async Task<FederatedFacilities> CreateAsync(FederatedPair pair, string sourceId, string destinationId)
    {
        var (source, _) = await HandoffApi.RegisterFacilityAsync(pair.North, sourceId);
        await pair.ExportFromSouthAsync(destinationId);
        var destination = new HandoffApi(pair.South, await RotateKeyAsync(pair, destinationId));
        await pair.NorthOperator.Peers.ImportFacilitiesAsync(new ImportFacilitiesRequest { Peer = "south", FacilityIds = { destinationId } });
        return new FederatedFacilities(source, sourceId, destination, destinationId);
    }

    /// <summary>A relayed-in transfer as south's destination sees it in its inbox, once the relay has created it.</summary>
    public Task<Transfer> WaitForInboundAsync(TimeSpan deadline, Func<Transfer, bool>? until = null) => Poll.ForAsync(async () =>
    {
        var inbox = await Destination.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox });
        return inbox.Transfers.FirstOrDefault(t => until?.Invoke(t) ?? true);
    }, deadline, $"a relayed transfer in the inbox of {DestinationId} on south");

    // ExportFromSouthAsync registers the facility but keeps no key; a new one is issued for the test's calls.
    private static async Task<string> RotateKeyAsync(FederatedPair pair, string facilityId) =>
        (await pair.SouthOperator.Facilities.RotateFacilityKeyAsync(new RotateFacilityKeyRequest { FacilityId = facilityId })).ApiKey;
}
