using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Client.Tests.EndToEnd;

/// <summary>
/// The library's upload for instances that arrive over time (a gateway receiving C-STOREs, a relay forwarding what
/// its cluster is still receiving), against a real server: the transfer is created before most instances exist,
/// instances are declared and sent as they come, a rerun finds the same transfer, and the receiver gets every byte.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class IncrementalUploadTests(ServerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task InstancesArriveInTwoBatches_TransferCarriesBothAndArrivesByteForByte()
    {
        var (_, senderKey) = await fixture.AddFacilityAsync("inc-send");
        var (destination, receiverKey) = await fixture.AddFacilityAsync("inc-recv");
        using var folders = new TempFolder("client-incremental");
        var sentFolder = folders.Combine("sent");
        StudyFolder.Write(sentFolder, seed: 311, slices: 8);
        var source = FolderInstanceSource.FromReceivedLayout(sentFolder);
        using var timeout = new CancellationTokenSource(Deadline);
        using var sender = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), senderKey));
        var upload = await sender.OpenIncrementalUploadAsync(source.OpenChunkReader, parallel: 2, timeout.Token);
        var instances = await ReadAllAsync(source, upload.ChunkSize, timeout.Token);
        var study = instances[0].StudyInstanceUid;
        var options = new SendOptions { DestinationFacilityId = destination, Priority = Priority.Stat, Reason = "incremental" };

        await upload.DeclareAsync(study, instances[..3], timeout.Token);
        var transfer = await upload.CreateTransferAsync("association-1", [study], options, timeout.Token);
        Assert.Equal(3, await upload.SendAsync(study, instances[..3].Select(i => i.SopInstanceUid), timeout.Token));
        Assert.False(upload.HasPending(study));
        // The rest arrive later; declaring all of them again sends nothing twice.
        await upload.DeclareAsync(study, instances, timeout.Token);
        Assert.True(upload.HasPending(study));
        Assert.Equal(instances.Count - 3, await upload.SendAsync(study, instances.Select(i => i.SopInstanceUid), timeout.Token));
        var status = await upload.CompleteAsync(study, timeout.Token);
        var again = await upload.CreateTransferAsync("association-1", [study], options, timeout.Token);

        Assert.Equal(StudyState.Complete, status.State);
        Assert.Equal(transfer.Id, again.Id);
        Assert.Equal(Priority.Stat, again.Priority);
        using var receiver = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), receiverKey));
        var received = await receiver.ReceiveAsync(transfer.Id, new FolderInstanceSink(folders.Combine("received")), cancellationToken: timeout.Token);
        Assert.True(received.Acknowledged);
        Assert.Equal(instances.Count, received.Instances);
        StudyFolder.AssertSame(sentFolder, folders.Combine("received"));
    }

    [Fact]
    public async Task InstanceWithdrawnBeforeItWasSent_NothingPendingAndTheStudyIsNotCompleteWithoutIt()
    {
        var (_, senderKey) = await fixture.AddFacilityAsync("inc-withdraw");
        using var folders = new TempFolder("client-withdraw");
        StudyFolder.Write(folders.Path, seed: 312, slices: 3);
        var source = FolderInstanceSource.FromReceivedLayout(folders.Path);
        using var timeout = new CancellationTokenSource(Deadline);
        using var sender = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), senderKey));
        var upload = await sender.OpenIncrementalUploadAsync(source.OpenChunkReader, cancellationToken: timeout.Token);
        var instances = await ReadAllAsync(source, upload.ChunkSize, timeout.Token);
        var study = instances[0].StudyInstanceUid;
        var withdrawn = instances[^1].SopInstanceUid;

        await upload.DeclareAsync(study, instances, timeout.Token);
        var forgotten = upload.ForgetWithdrawn(study, sop => sop != withdrawn);
        await upload.SendAsync(study, instances.Select(i => i.SopInstanceUid), timeout.Token);

        Assert.Equal([withdrawn], forgotten);
        Assert.False(upload.HasPending(study));
        Assert.False(upload.IsDeclared(study, withdrawn));
        // The server still expects the declared instance: completing says what is missing instead of completing.
        var refused = await Assert.ThrowsAnyAsync<HandoffException>(() => upload.CompleteAsync(study, timeout.Token));
        Assert.Contains(withdrawn, refused.Message, StringComparison.Ordinal);
    }

    private static async Task<List<SourceInstance>> ReadAllAsync(IInstanceSource source, int chunkSize, CancellationToken cancellationToken)
    {
        var instances = new List<SourceInstance>();
        await foreach (var instance in source.ReadInstancesAsync(chunkSize, cancellationToken))
            instances.Add(instance);
        instances.Sort((a, b) => string.CompareOrdinal(a.SopInstanceUid, b.SopInstanceUid));
        return instances;
    }
}
