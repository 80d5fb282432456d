using System.Diagnostics;
using Handoff.Azure.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Storage.Azure;
using Handoff.Testing;

namespace Handoff.Azure.Tests;

/// <summary>Real server processes on the Azure profile, against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureProfileServerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    private readonly AzuriteProcess _azurite;
    private readonly TempFolder _files = new("files");

    public AzureProfileServerTests(AzuriteProcess azurite) => _azurite = azurite;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Transfer_OnAzureProfile_BytesIdenticalAndChunksInBlobContainer()
    {
        var cluster = AzureCluster.New(_azurite.ConnectionString);
        await using var server = await ServerProcess.StartAsync(new ServerSettings { Azure = cluster });
        var (a, _) = await HandoffApi.RegisterFacilityAsync(server, "az-a");
        var (b, _) = await HandoffApi.RegisterFacilityAsync(server, "az-b");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 21, slices: 6);

        var declared = await ChunkUpload.DeclareAsync(a, study);
        Assert.Equal(study.TotalChunks, declared.MissingChunkHashes.Count);
        var transfer = await a.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "azure-e2e", DestinationFacilityId = "az-b", StudyInstanceUids = { study.StudyInstanceUid }, Priority = Priority.Stat,
        });
        var receiver = new TransferReceiver(b, transfer.Id, _files.Combine("received"));
        var receiving = receiver.ReceiveAllAsync(Deadline);
        await ChunkUpload.UploadAsync(a, study, declared.MissingChunkHashes, streams: 2);
        var status = await a.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = study.StudyInstanceUid });
        Assert.Equal(StudyState.Complete, status.State);
        await receiving;

        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(receiver.PathOf(study.StudyInstanceUid, instance.SopInstanceUid)));
        var acknowledged = await b.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest());
        Assert.True(acknowledged.Accepted);
        var store = new AzureBlobChunkStore(new AzureStorageOptions { ConnectionString = _azurite.ConnectionString, ChunkContainer = cluster.ChunkContainer });
        var distinct = study.Instances.SelectMany(i => i.ChunkHashes).Select(Convert.ToHexStringLower).Distinct().ToList();
        Assert.Equal(distinct.Count, await store.CountAsync(CancellationToken.None));
        Assert.Empty(await store.FindMissingAsync(distinct, CancellationToken.None));
        // Grain state went to the blob container of the profile, not to the data folder.
        var grainState = new global::Azure.Storage.Blobs.BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(cluster.TablePrefix + "-grainstate");
        Assert.True(await grainState.ExistsAsync());
    }

    [Fact]
    public async Task Start_StorageUnreachable_ExitsWithOneLineErrorWithinDeadline()
    {
        var closed = FreePorts.Take(2);
        var watch = Stopwatch.StartNew();

        await using var server = await ServerProcess.RunExpectingExitAsync(new ServerSettings
        {
            Azure = AzureCluster.New(AzuriteProcess.For(closed[0], closed[1])),
            Arguments = ["--Handoff:Azure:StartupTimeout=00:00:05"],
        }, TimeSpan.FromSeconds(30));

        Assert.Equal(3, server.ExitCode);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        var line = Assert.Single(server.Output.Split('\n'), l => l.StartsWith("handoff-server:", StringComparison.Ordinal));
        Assert.Contains("unreachable", line, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closed[0]}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AzureWithoutConnectionString_ExitsNamingTheSetting()
    {
        await using var server = await ServerProcess.RunExpectingExitAsync(new ServerSettings { Azure = AzureCluster.New(string.Empty) }, TimeSpan.FromSeconds(30));

        Assert.Equal(2, server.ExitCode);
        Assert.Contains("Handoff:Azure:ConnectionString", server.Output, StringComparison.Ordinal);
    }
}
