using Handoff.Azure.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Azure.Tests;

/// <summary>
/// The audit signing key on the Azure profile is the cluster's: two silos publish the same key (the first created
/// the blob, the second read it), and a facility's log written through both verifies against it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditSigningClusterTests
{
    private readonly AzuriteProcess _azurite;

    public AuditSigningClusterTests(AzuriteProcess azurite) => _azurite = azurite;

    [Fact]
    public async Task TwoSilos_PublishOneKeyAndTheLogVerifies()
    {
        var cluster = new ServerSettings { Azure = AzureCluster.New(_azurite.ConnectionString), Arguments = ["--Handoff:Audit:CheckpointEvents=5"] };
        await using var first = await ServerProcess.StartAsync(cluster);
        await using var second = await ServerProcess.StartAsync(cluster);
        var (_, key) = await HandoffApi.RegisterFacilityAsync(first, "signed-cluster");

        var keys = await Task.WhenAll(
            HandoffApi.Operator(first).Audit.GetAuditSigningKeysAsync(new GetAuditSigningKeysRequest()).ResponseAsync,
            HandoffApi.Operator(second).Audit.GetAuditSigningKeysAsync(new GetAuditSigningKeysRequest()).ResponseAsync);
        foreach (var server in (ServerProcess[])[first, second, first])
        {
            for (var i = 0; i < 4; i++)
                await new HandoffApi(server, key).Transfers.ListTransfersAsync(new ListTransfersRequest());
        }
        var verify = await HandoffCli.RunAsync(TimeSpan.FromMinutes(2), "--server", second.Address, "--key", key, "audit", "verify");

        Assert.Equal(keys[0].Keys.Single().KeyId, keys[1].Keys.Single().KeyId);
        Assert.Equal(keys[0].Keys.Single().PublicKeyPem, keys[1].Keys.Single().PublicKeyPem);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("chain intact, last countersigned at", verify.StandardOutput, StringComparison.Ordinal);
    }
}
