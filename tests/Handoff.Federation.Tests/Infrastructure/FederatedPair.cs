using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests.Infrastructure;

/// <summary>
/// Two regional clusters, "north" and "south": one server each on the Local profile, certificates from one test
/// authority, and each registered as the other's peer (what the two operators do when they federate). One pair per
/// test class, so classes run in parallel; tests in a class use facility and peer names of their own.
/// </summary>
public class FederatedPair : IAsyncLifetime
{
    public TestCertificates Certificates { get; } = new();

    public ClusterCertificate NorthCertificate { get; private set; } = null!;

    public ClusterCertificate SouthCertificate { get; private set; } = null!;

    public ServerProcess North { get; private set; } = null!;

    public ServerProcess South { get; private set; } = null!;

    public HandoffApi NorthOperator => HandoffApi.Operator(North);

    public HandoffApi SouthOperator => HandoffApi.Operator(South);

    /// <summary>Further settings of north's server (a subclass shortens the relay's back-off, say).</summary>
    protected virtual IReadOnlyList<string> NorthArguments => [];

    /// <summary>Environment variables of a network's server (a subclass exports its traces, say).</summary>
    protected virtual IReadOnlyDictionary<string, string> EnvironmentOf(string network) => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        NorthCertificate = Certificates.Issue("north");
        SouthCertificate = Certificates.Issue("south");
        var north = ServerProcess.StartAsync(new ServerSettings { Federation = new FederationSettings("north", NorthCertificate), Arguments = NorthArguments, Environment = EnvironmentOf("north") });
        var south = ServerProcess.StartAsync(new ServerSettings { Federation = new FederationSettings("south", SouthCertificate), Environment = EnvironmentOf("south") });
        try
        {
            await Task.WhenAll(north, south);
        }
        catch
        {
            // The one that did start must not outlive the fixture.
            foreach (var started in new[] { north, south }.Where(t => t.IsCompletedSuccessfully))
                await started.Result.DisposeAsync();
            throw;
        }
        (North, South) = (north.Result, south.Result);
        await NorthOperator.Peers.AddPeerAsync(PeerRequest("south", South.FederationAddress, SouthCertificate));
        await SouthOperator.Peers.AddPeerAsync(PeerRequest("north", North.FederationAddress, NorthCertificate));
    }

    public async Task DisposeAsync()
    {
        if (North is not null)
            await North.DisposeAsync();
        if (South is not null)
            await South.DisposeAsync();
        Certificates.Dispose();
    }

    public static AddPeerRequest PeerRequest(string name, string address, params ClusterCertificate[] certificates)
    {
        var request = new AddPeerRequest { Name = name, Address = address };
        request.CertificatePems.AddRange(certificates.Select(c => c.CertificatePem));
        return request;
    }

    /// <summary>Registers a facility on south and exports it to north.</summary>
    public async Task ExportFromSouthAsync(string facilityId)
    {
        await HandoffApi.RegisterFacilityAsync(South, facilityId);
        await SouthOperator.Peers.ExportFacilityAsync(new ExportFacilityRequest { FacilityId = facilityId, Peer = "north" });
    }
}
