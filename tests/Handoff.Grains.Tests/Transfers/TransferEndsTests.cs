using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>The facilities a transfer joins: local ends are checked and told, remote ends ("facility@network") are not touched.</summary>
public sealed class TransferEndsTests
{
    private static readonly Guid TransferId = Guid.NewGuid();
    private readonly Dictionary<string, (IFacilityGrain Grain, GrainFake<IFacilityGrain> Fake)> _facilities = [];

    private TransferEnds Ends() => new(id => _facilities.TryGetValue(id, out var f) ? f.Grain : throw new InvalidOperationException($"{id} is not local"), TransferId, NullLogger.Instance);

    private void Local(string id, bool disabled = false, bool exists = true) =>
        _facilities[id] = GrainFake<IFacilityGrain>.Create(
            ("GetInfo", _ => Task.FromResult(exists ? new FacilityInfo(id, id, "ISSUER", disabled, DateTimeOffset.UnixEpoch) : null)),
            ("AddTransfer", _ => Task.CompletedTask),
            ("AppendInboxEvents", _ => Task.CompletedTask));

    [Fact]
    public async Task RequireUsable_UnknownDestination_NotFoundNamingRole()
    {
        Local("st-a");
        Local("st-b", exists: false);

        var error = await Assert.ThrowsAsync<DomainException>(() => Ends().RequireUsableAsync("st-a", "st-b"));

        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
        Assert.Equal("destination facility 'st-b' not found", error.Message);
    }

    [Fact]
    public async Task RequireUsable_DisabledSource_WrongState()
    {
        Local("st-a", disabled: true);
        Local("st-b");

        var error = await Assert.ThrowsAsync<DomainException>(() => Ends().RequireUsableAsync("st-a", "st-b"));

        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("source facility 'st-a' is disabled", error.Message);
    }

    [Fact]
    public async Task RequireUsable_RemoteDestination_OnlyTheSourceAsked()
    {
        Local("st-a");

        await Ends().RequireUsableAsync("st-a", "rural-d@north");

        Assert.Equal(["GetInfo"], _facilities["st-a"].Fake.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task AddToMailboxes_BothLocal_OutboxOfSourceInboxOfDestination()
    {
        Local("st-a");
        Local("st-b");

        await Ends().AddToMailboxesAsync("st-a", "st-b");

        Assert.Equal([Mailbox.Outbox, TransferId], _facilities["st-a"].Fake.Calls.Single().Arguments);
        Assert.Equal([Mailbox.Inbox, TransferId], _facilities["st-b"].Fake.Calls.Single().Arguments);
    }

    [Fact]
    public async Task MirrorToInbox_RemoteDestinationOrNoEvents_NothingCalled()
    {
        var transferEvent = new TransferEventRecord(1, TransferId, TransferEventKind.Created, DateTimeOffset.UnixEpoch, "st-a", "", "", TransferStatus.Receiving, "");

        await Ends().MirrorToInboxAsync("rural-d@north", [transferEvent]);
        await Ends().MirrorToInboxAsync("st-b", []);

        Assert.Empty(_facilities);
    }

    [Fact]
    public async Task MirrorToInbox_InboxFails_DoesNotThrow()
    {
        _facilities["st-b"] = GrainFake<IFacilityGrain>.Create(("AppendInboxEvents", _ => Task.FromException(new TimeoutException("silo gone"))));
        var transferEvent = new TransferEventRecord(1, TransferId, TransferEventKind.Created, DateTimeOffset.UnixEpoch, "st-a", "", "", TransferStatus.Receiving, "");

        await Ends().MirrorToInboxAsync("st-b", [transferEvent]);

        Assert.Single(_facilities["st-b"].Fake.Calls);
    }
}
