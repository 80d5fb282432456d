using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// Bytes that are not a protobuf message of the method's request type, sent over real gRPC framing: the caller
/// learns INVALID_ARGUMENT and which message was expected, and a burst of them costs the log one line, not a stack
/// trace each.
/// </summary>
public sealed class MalformedMessageTests : IClassFixture<ServerFixture>
{
    // Field 1, length-delimited, declaring far more bytes than follow: a truncated message, 9 bytes in all.
    private static readonly byte[] Truncated = [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x41, 0x42, 0x43, 0x44];

    // Field 1 (transfer_id, a string) holding bytes that are not UTF-8.
    private static readonly byte[] NotUtf8 = [0x0a, 0x04, 0xc3, 0x28, 0xa0, 0xa1];

    private readonly ServerProcess _server;

    public MalformedMessageTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public async Task Unary_TruncatedMessageWithoutKey_InvalidArgumentNamingTheMessageType()
    {
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => RawCalls.UnaryAsync(_server.Channel, "/handoff.v1.Transfers/GetTransfer", Truncated));
        Assert.Equal("the request is not a valid handoff.v1.GetTransferRequest message", failure.Status.Detail);
    }

    [Fact]
    public async Task Unary_InvalidUtf8InAStringField_InvalidArgument()
    {
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => RawCalls.UnaryAsync(_server.Channel, "/handoff.v1.Transfers/CancelTransfer", NotUtf8));
        Assert.Contains("handoff.v1.CancelTransferRequest", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadChunks_MalformedFirstMessage_InvalidArgumentNamingTheMessageType()
    {
        var (_, key) = await HandoffApi.RegisterFacilityAsync(_server, "malformed-upload");
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => RawCalls.DuplexAsync(_server.Channel, "/handoff.v1.Uploads/UploadChunks", [Truncated], key));
        Assert.Contains("handoff.v1.UploadChunksRequest", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_BurstOfMalformedRequests_OneLogLineWithTheCountAndNoStackTrace()
    {
        const string method = "/handoff.v1.Audit/ListAuditEvents";
        var linesBefore = Lines(_server.Output).Length;

        for (var i = 0; i < 300; i++)
        {
            await RpcAssert.FailsWith(StatusCode.InvalidArgument,
                () => RawCalls.UnaryAsync(_server.Channel, method, i % 2 == 0 ? Truncated : NotUtf8));
        }

        // The line is written when the first request is refused; it may reach the captured output a moment later.
        await Poll.UntilAsync(() => _server.Output.Contains(method, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the malformed-request log line");
        var added = Lines(_server.Output)[linesBefore..];
        Assert.Single(added, line => line.Contains(method, StringComparison.Ordinal));
        Assert.DoesNotContain(added, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.True(added.Length <= 3, $"the burst added {added.Length} log lines:\n{string.Join('\n', added)}");
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
