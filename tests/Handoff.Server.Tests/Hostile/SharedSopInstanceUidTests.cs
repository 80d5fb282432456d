using Google.Protobuf;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Hostile;

/// <summary>
/// One SOP Instance UID in two studies of a transfer (what study merges and re-imports leave): two different
/// instances, both received, both confirmed. A receipt that names only one of them is refused, never counted as both.
/// </summary>
public sealed class SharedSopInstanceUidTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _files = new("shared-sop");
    private ServerProcess _server = null!;
    private HandoffApi _sender = null!;
    private HandoffApi _receiver = null!;
    private string _receiverKey = "";
    private LocalStudy _original = null!;
    private LocalStudy _merged = null!;
    private string _transferId = "";

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        (_sender, _) = await HandoffApi.RegisterFacilityAsync(_server, "merge-a");
        (_receiver, _receiverKey) = await HandoffApi.RegisterFacilityAsync(_server, "merge-b");
        _original = LocalStudy.Write(_files.Combine("original"), seed: 411, slices: 3);
        _merged = _original.CopyAsStudy(_files.Combine("merged"), "1.2.826.0.1.3680043.10.411.999");
        Assert.Equal(_original.Instances.Select(i => i.SopInstanceUid), _merged.Instances.Select(i => i.SopInstanceUid));
        var sent = await LibraryUpload.SendAsync(_sender, "merge-b", _original, _merged);
        Assert.Equal(2, sent.Studies);
        Assert.Equal(TransferState.Available, sent.State);
        _transferId = sent.TransferId;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Receive_SameSopInstanceUidInTwoStudies_BothFilesWrittenAndEveryInstanceConfirmed()
    {
        var output = _files.Combine("received");
        var receive = await HandoffCli.RunAsync(Deadline, "--server", _server.Address, "--key", _receiverKey, "receive", _transferId, "--out", output);

        Assert.True(receive.ExitCode == 0, receive.ToString());
        foreach (var study in new[] { _original, _merged })
        {
            foreach (var instance in study.Instances)
            {
                var written = Directory.GetFiles(Path.Combine(output, study.StudyInstanceUid), instance.SopInstanceUid + ".dcm", SearchOption.AllDirectories);
                Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(Assert.Single(written)));
            }
        }
        var transfer = await _sender.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = _transferId });
        Assert.Equal(TransferState.Acknowledged, transfer.State);
        Assert.Equal(_original.Instances.Count + _merged.Instances.Count, transfer.Acknowledgement.InstancesConfirmed);
    }

    [Fact]
    public async Task Acknowledge_NamingOnlyTheSecondStudysInstances_RefusedWithTheFirstStudysMissing()
    {
        var request = new AcknowledgeRequest { TransferId = _transferId, RequestId = "only-merged" };
        foreach (var instance in _merged.Instances)
            request.Instances.Add(Receipt(_merged.StudyInstanceUid, instance));

        var answer = await _receiver.Downloads.AcknowledgeAsync(request);

        Assert.False(answer.Accepted);
        Assert.Equal(
            _original.Instances.Select(i => (_original.StudyInstanceUid, i.SopInstanceUid)).Order(),
            answer.MissingInstances.Select(i => (i.StudyInstanceUid, i.SopInstanceUid)).Order());
        Assert.NotEqual(TransferState.Acknowledged, answer.Transfer.State);
    }

    [Fact]
    public async Task Acknowledge_ReceiptsWithoutStudyForAnAmbiguousUid_ConfirmNothing()
    {
        // An older client names instances by SOP Instance UID only: with the UID in two studies, such a receipt
        // cannot say which instance it confirms, so it confirms neither.
        var request = new AcknowledgeRequest { TransferId = _transferId, RequestId = "sop-only" };
        foreach (var instance in _merged.Instances)
            request.Instances.Add(Receipt("", instance));
        foreach (var instance in _original.Instances)
            request.Instances.Add(Receipt("", instance));

        var answer = await _receiver.Downloads.AcknowledgeAsync(request);

        Assert.False(answer.Accepted);
        Assert.Equal(_original.Instances.Count + _merged.Instances.Count, answer.MissingInstances.Count);
    }

    private static InstanceReceipt Receipt(string studyInstanceUid, LocalInstance instance) => new()
    {
        StudyInstanceUid = studyInstanceUid, SopInstanceUid = instance.SopInstanceUid, ContentHash = ByteString.CopyFrom(instance.ContentHash),
    };
}
