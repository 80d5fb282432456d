using Azure.Storage.Blobs;
using Handoff.Azure.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Azure.Tests;

/// <summary>
/// The restarts the multi-silo and federation tests build on: a killed server comes back on the same address with
/// its cluster's data, and a stopped Azurite comes back on the same ports with what it had saved.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InfrastructureTests
{
    private readonly AzuriteProcess _azurite;

    public InfrastructureTests(AzuriteProcess azurite) => _azurite = azurite;

    [Fact]
    public async Task ServerRestartAsync_AfterKillOnAzureProfile_SameAddressAndFacilityKeyStillWorks()
    {
        await using var server = await ServerProcess.StartAsync(new ServerSettings { Azure = AzureCluster.New(_azurite.ConnectionString) });
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(server, "restart-a");
        var address = server.Address;

        server.Kill();
        Assert.True(server.HasExited);
        await server.RestartAsync();

        Assert.Equal(address, server.Address);
        var transfers = await facility.Transfers.ListTransfersAsync(new ListTransfersRequest());
        Assert.Empty(transfers.Transfers);
        var facilities = await HandoffApi.Operator(server).Facilities.ListFacilitiesAsync(new ListFacilitiesRequest());
        Assert.Contains(facilities.Facilities, f => f.Id == "restart-a");
    }

    [Fact]
    public async Task AzuriteStartAgainAsync_AfterStop_SamePortsAndSavedBlobsStillThere()
    {
        var azurite = await AzuriteProcess.StartAsync();
        try
        {
            var options = new BlobClientOptions();
            options.Retry.MaxRetries = 0;
            var container = new BlobServiceClient(azurite.ConnectionString, options).GetBlobContainerClient("restart");
            await container.CreateAsync();
            await container.UploadBlobAsync("saved", BinaryData.FromString("kept across restarts"));
            var (blobPort, tablePort) = (azurite.BlobPort, azurite.TablePort);

            await azurite.StopAsync(graceful: true);
            Assert.False(azurite.IsRunning);
            await azurite.StartAgainAsync();
            Assert.Equal("kept across restarts", (await container.GetBlobClient("saved").DownloadContentAsync()).Value.Content.ToString());

            await azurite.StopAsync();
            await azurite.StartAgainAsync();
            Assert.Equal((blobPort, tablePort), (azurite.BlobPort, azurite.TablePort));
            Assert.True(await container.GetBlobClient("saved").ExistsAsync());
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
