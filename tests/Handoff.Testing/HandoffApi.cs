using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Handoff.Protos.V1;

namespace Handoff.Testing;

/// <summary>The generated clients of every Handoff service, sending one key (or none) as <c>authorization: Bearer</c>.</summary>
public sealed class HandoffApi
{
    public HandoffApi(GrpcChannel channel, string? key)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var invoker = key is null
            ? channel.CreateCallInvoker()
            : channel.CreateCallInvoker().Intercept(metadata =>
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
    }

    public Facilities.FacilitiesClient Facilities { get; }

    public Uploads.UploadsClient Uploads { get; }

    public Transfers.TransfersClient Transfers { get; }

    public Downloads.DownloadsClient Downloads { get; }

    public Audit.AuditClient Audit { get; }

    /// <summary>Federation administration (peers.proto): the operator key's.</summary>
    public Peers.PeersClient Peers { get; }

    /// <summary>The peer-only service, here on the clients' endpoint (where it refuses everyone); peers use <see cref="PeerClient"/>.</summary>
    public Federation.FederationClient Federation { get; }

    public static HandoffApi Operator(IHandoffServer server) => new(server.Channel, server.OperatorKey);

    /// <summary>Registers a facility with the operator key and returns a client holding its new key.</summary>
    public static async Task<(HandoffApi Api, string Key)> RegisterFacilityAsync(IHandoffServer server, string facilityId)
    {
        var response = await Operator(server).Facilities.RegisterFacilityAsync(new RegisterFacilityRequest
        {
            FacilityId = facilityId,
            DisplayName = $"Facility {facilityId}",
            PatientIdIssuer = $"{facilityId.ToUpperInvariant()}-MRN",
        });
        return (new HandoffApi(server.Channel, response.ApiKey), response.ApiKey);
    }
}
