using Grpc.Core;

namespace Handoff.Client.Tests;

/// <summary>Which failures make a standing receiver leave a transfer, and which it retries with back-off.</summary>
public sealed class InboxReceiverFailureTests
{
    [Fact]
    public void RefusedByTheServer_LeftForGood()
    {
        var refused = HandoffRefusedException.From(new RpcException(new Status(StatusCode.PermissionDenied, "not your transfer")));

        Assert.True(InboxReceiver.IsForGood(refused));
    }

    [Fact]
    public void FailureThisSideRaisedInsideACall_RetriedNotLeft()
    {
        // What grpc-dotnet reports when reading a response message fails here (no server said anything).
        var local = new RpcException(new Status(StatusCode.Internal, "Error reading next message. OutOfMemoryException", new OutOfMemoryException()));
        var translated = HandoffErrors.FromRpc(local, [new Uri("http://127.0.0.1:1")]);

        Assert.IsType<HandoffRefusedException>(translated);
        Assert.False(InboxReceiver.IsForGood(translated));
    }

    [Fact]
    public void TransferEndedOrConflicting_LeftForGood_OtherErrorsRetried()
    {
        Assert.True(InboxReceiver.IsForGood(new TransferEndedException("t-1", Protos.V1.TransferState.Cancelled)));
        Assert.True(InboxReceiver.IsForGood(new InstanceConflictException("the sink holds other bytes for 1.2.3")));
        Assert.False(InboxReceiver.IsForGood(new IOException("disk full")));
    }
}
