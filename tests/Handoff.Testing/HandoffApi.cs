using Grpc.Core.Interceptors;
using Handoff.Client;
using Handoff.Protos.V1;

namespace Handoff.Testing;

/// <summary>
/// The generated clients of every Handoff service on a server's channel, sending one key (or none) as
/// <c>authorization: Bearer</c>: the raw protocol, for tests about it. <see cref="CreateClient"/> gives the library's
/// client with the same server and key, for everything else.
/// </summary>
public sealed class HandoffApi
{
    public HandoffApi(IHandoffServer server, string? key)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        Key = key;
        var invoker = key is null
            ? server.Channel.CreateCallInvoker()
            : server.Channel.CreateCallInvoker().Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {key}");
                return metadata;
            });
        Facilities = new Facilities.FacilitiesClient(invoker);
        Uploads = new Uploads.UploadsClient(invoker);
        Transfers = new Transfers.TransfersClient(invoker);
        Downloads = new Downloads.DownloadsClient(invoker);
        Audit = new Audit.AuditClient(invoker);
        Peers = new Peers.PeersClient(invoker);
        Federation = new Federation.FederationClient(invoker);
        Receipts = new Receipts.ReceiptsClient(invoker);
    }

    public IHandoffServer Server { get; }

    /// <summary>The key the calls carry; null for none.</summary>
    public string? Key { get; }

    public Facilities.FacilitiesClient Facilities { get; }

    public Uploads.UploadsClient Uploads { get; }

    public Transfers.TransfersClient Transfers { get; }

    public Downloads.DownloadsClient Downloads { get; }

    public Audit.AuditClient Audit { get; }

    /// <summary>Federation administration (peers.proto): the operator key's.</summary>
    public Peers.PeersClient Peers { get; }

    /// <summary>The peer-only service, here on the clients' endpoint (where it refuses everyone); peers use <see cref="PeerClient"/>.</summary>
    public Federation.FederationClient Federation { get; }

    /// <summary>Receipt keys and signed receipts.</summary>
    public Receipts.ReceiptsClient Receipts { get; }

    /// <summary>A <see cref="HandoffClient"/> of the library to the same server with the same key; the caller disposes it.</summary>
    public HandoffClient CreateClient() => new(Server.ClientOptions(Key));

    public static HandoffApi Operator(IHandoffServer server) => new(server, server.OperatorKey);

    /// <summary>Registers a facility with the operator key and returns a client holding its new key.</summary>
    public static async Task<(HandoffApi Api, string Key)> RegisterFacilityAsync(IHandoffServer server, string facilityId)
    {
        var response = await Operator(server).Facilities.RegisterFacilityAsync(new RegisterFacilityRequest
        {
            FacilityId = facilityId,
            DisplayName = $"Facility {facilityId}",
            PatientIdIssuer = $"{facilityId.ToUpperInvariant()}-MRN",
        });
        return (new HandoffApi(server, response.ApiKey), response.ApiKey);
    }
}
