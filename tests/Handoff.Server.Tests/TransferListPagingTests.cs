using Grpc.Core;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// An inbox lists one page at a time in its order, every transfer exactly once, and says the inbox sequence read
/// before the listing, so a standing receiver that watches after it misses nothing that arrives meanwhile.
/// </summary>
public sealed class TransferListPagingTests : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("list-paging");

    public TransferListPagingTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task ListTransfers_PagesOfTwo_EveryTransferOnceInTheUnpagedOrder()
    {
        var sent = await SentStudy.CreateAsync(_server, "paging-a", _files.Combine("a"), seed: 401);
        Priority[] priorities = [Priority.Routine, Priority.Stat, Priority.Urgent, Priority.Routine, Priority.Stat];
        for (var i = 0; i < priorities.Length; i++)
            await CreateAsync(sent, $"paging-{i}", priorities[i]);
        var whole = await sent.Destination.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox });

        var paged = new List<Transfer>();
        var request = new ListTransfersRequest { Mailbox = Mailbox.Inbox, Limit = 2 };
        var pages = 0;
        do
        {
            var page = await sent.Destination.Transfers.ListTransfersAsync(request);
            pages++;
            Assert.True(page.Transfers.Count <= 2);
            paged.AddRange(page.Transfers);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0 && pages < 10);

        Assert.Equal(6, whole.Transfers.Count);
        Assert.Empty(whole.NextPageToken);
        Assert.Equal(3, pages);
        Assert.Equal(whole.Transfers.Select(t => t.Id), paged.Select(t => t.Id));
        Assert.Equal([Priority.Stat, Priority.Stat], paged.Take(2).Select(t => t.Priority));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AQ")]
    [InlineData("AQEBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // too long
    [InlineData("AQAJAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // the right length, a priority that does not exist
    public async Task ListTransfers_ForgedPageToken_InvalidArgumentNamingIt(string token)
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, $"paging-bad-{Guid.NewGuid():N}"[..24]);

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => api.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox, PageToken = token }));

        Assert.Equal("page_token", RpcAssert.ViolatedField(failure));
    }

    [Fact]
    public async Task ListTransfers_InboxSequence_AWatchAfterItSeesOnlyWhatCameLater()
    {
        var sent = await SentStudy.CreateAsync(_server, "paging-seq", _files.Combine("seq"), seed: 402);
        using var timeout = new CancellationTokenSource(Deadline);
        await InboxShowsAsync(sent, TransferEventType.Available, timeout.Token); // the first transfer's last event has reached the inbox
        var listing = await sent.Destination.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox });
        var later = await CreateAsync(sent, "paging-later", Priority.Stat);

        using var watch = sent.Destination.Transfers.WatchInbox(new WatchInboxRequest { AfterSequence = listing.InboxSequence }, cancellationToken: timeout.Token);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var first = watch.ResponseStream.Current;

        Assert.Equal(sent.TransferId, Assert.Single(listing.Transfers).Id);
        Assert.True(listing.InboxSequence > 0, "the first transfer's events are in the inbox before the listing");
        Assert.Equal(later.Id, first.TransferId);
        Assert.Equal(TransferEventType.Created, first.Type);
        Assert.Equal(listing.InboxSequence + 1, first.Sequence);
        var outbox = await sent.Sender.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Outbox });
        Assert.Equal(0, outbox.InboxSequence);
    }

    private static async Task InboxShowsAsync(SentStudy sent, TransferEventType type, CancellationToken cancellationToken)
    {
        using var watch = sent.Destination.Transfers.WatchInbox(new WatchInboxRequest(), cancellationToken: cancellationToken);
        while (await watch.ResponseStream.MoveNext(cancellationToken))
        {
            if (watch.ResponseStream.Current.TransferId == sent.TransferId && watch.ResponseStream.Current.Type == type)
                return;
        }
    }

    private static Task<Transfer> CreateAsync(SentStudy sent, string requestId, Priority priority) =>
        sent.Sender.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = requestId,
            DestinationFacilityId = sent.DestinationId,
            StudyInstanceUids = { sent.Study.StudyInstanceUid },
            Priority = priority,
        }).ResponseAsync;
}
