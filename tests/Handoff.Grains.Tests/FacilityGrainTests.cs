using System.Diagnostics;
using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

public sealed class FacilityGrainTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public FacilityGrainTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Register_NewFacility_IssuesKeyThatVerifies()
    {
        var id = TestData.FacilityId("st-marys");
        var facility = _grains.GetGrain<IFacilityGrain>(id);

        var issued = await facility.Register(new FacilityRegistration(id, "St Mary's Hospital", "ST-MARYS-MRN"));

        Assert.Equal(id, ApiKeyFormat.FacilityOf(issued.ApiKey));
        Assert.Matches("^hk_[a-z0-9-]+_[0-9a-f]{64}$", issued.ApiKey);
        Assert.True(await facility.VerifyKey(issued.ApiKey));
        Assert.False(await facility.VerifyKey(issued.ApiKey[..^1] + (issued.ApiKey[^1] == '0' ? '1' : '0')));
        var info = await facility.GetInfo();
        Assert.Equal("St Mary's Hospital", info?.DisplayName);
        Assert.False(info?.Disabled);
    }

    [Fact]
    public async Task Register_SameFacilityTwice_ThrowsAlreadyExists()
    {
        var id = TestData.FacilityId("twice");
        await TestData.RegisterAsync(_grains, id);

        var error = await Assert.ThrowsAsync<DomainException>(() => TestData.RegisterAsync(_grains, id));

        Assert.Equal(DomainErrorKind.AlreadyExists, error.Kind);
        Assert.Contains(id, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("St-Marys")]
    [InlineData("a")]
    [InlineData("-leading-dash")]
    [InlineData("under_score")]
    [InlineData("trailing-newline\n")]
    public async Task Register_InvalidSlug_ThrowsInvalidNamingFacilityId(string id)
    {
        var error = await Assert.ThrowsAsync<DomainException>(
            () => _grains.GetGrain<IFacilityGrain>(id).Register(new FacilityRegistration(id, "Somewhere", "")));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("facilityId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateKey_Registered_OldKeyStopsWorkingAndNewKeyWorks()
    {
        var id = TestData.FacilityId("rotate");
        var issued = await TestData.RegisterAsync(_grains, id);
        var facility = _grains.GetGrain<IFacilityGrain>(id);

        var rotated = await facility.RotateKey();

        Assert.NotEqual(issued.ApiKey, rotated);
        Assert.False(await facility.VerifyKey(issued.ApiKey));
        Assert.True(await facility.VerifyKey(rotated));
    }

    [Fact]
    public async Task Disable_Registered_KeyNoLongerVerifies()
    {
        var id = TestData.FacilityId("disable");
        var issued = await TestData.RegisterAsync(_grains, id);
        var facility = _grains.GetGrain<IFacilityGrain>(id);

        var info = await facility.Disable();

        Assert.True(info.Disabled);
        Assert.False(await facility.VerifyKey(issued.ApiKey));
        Assert.True((await facility.GetInfo())?.Disabled);
    }

    [Fact]
    public async Task VerifyKey_UnregisteredFacility_ReturnsFalse()
    {
        var id = TestData.FacilityId("nobody");
        var facility = _grains.GetGrain<IFacilityGrain>(id);

        Assert.False(await facility.VerifyKey(ApiKeyFormat.Compose(id, new string('a', 64))));
        Assert.Null(await facility.GetInfo());
        var error = await Assert.ThrowsAsync<DomainException>(() => facility.RotateKey());
        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Register_NewFacility_ListedInDirectory()
    {
        var id = TestData.FacilityId("listed");
        await TestData.RegisterAsync(_grains, id);

        var ids = await _grains.GetGrain<IFacilityDirectoryGrain>(0).List();

        Assert.Contains(id, ids);
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task AddTransfer_SameTransferTwice_ListedOnceNewestFirst()
    {
        var id = TestData.FacilityId("mailbox");
        await TestData.RegisterAsync(_grains, id);
        var facility = _grains.GetGrain<IFacilityGrain>(id);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        await facility.AddTransfer(Mailbox.Inbox, first);
        await facility.AddTransfer(Mailbox.Inbox, second);
        await facility.AddTransfer(Mailbox.Inbox, first);

        Assert.Equal([second, first], await facility.ListTransfers(Mailbox.Inbox));
        Assert.Empty(await facility.ListTransfers(Mailbox.Outbox));
    }

    [Fact]
    public async Task WaitForInboxEvents_EventAppendedWhileWaiting_ReturnsPromptly()
    {
        var id = TestData.FacilityId("watch");
        await TestData.RegisterAsync(_grains, id);
        var facility = _grains.GetGrain<IFacilityGrain>(id);
        var clock = Stopwatch.StartNew();

        var waiting = facility.WaitForInboxEvents(0, TimeSpan.FromSeconds(15));
        await facility.AppendInboxEvent(Event(42, TransferEventKind.Created));
        var events = await waiting;

        Assert.Single(events);
        Assert.Equal(1, events[0].Sequence);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the watcher waited {clock.Elapsed}");
    }

    [Fact]
    public async Task WaitForInboxEvents_NothingNew_ReturnsEmptyAfterTimeout()
    {
        var id = TestData.FacilityId("quiet");
        await TestData.RegisterAsync(_grains, id);
        var facility = _grains.GetGrain<IFacilityGrain>(id);
        await facility.AppendInboxEvents([Event(7, TransferEventKind.Created), Event(8, TransferEventKind.Available)]);

        var clock = Stopwatch.StartNew();
        var events = await facility.WaitForInboxEvents(2, TimeSpan.FromMilliseconds(300));

        Assert.Empty(events);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"returned after {clock.Elapsed}");
        var all = await facility.WaitForInboxEvents(0, TimeSpan.Zero);
        Assert.Equal([1L, 2L], all.Select(e => e.Sequence));
        Assert.Equal([TransferEventKind.Created, TransferEventKind.Available], all.Select(e => e.Kind));
    }

    private static TransferEventRecord Event(long sequence, TransferEventKind kind) =>
        new(sequence, Guid.NewGuid(), kind, DateTimeOffset.UtcNow, "someone", "", "", TransferStatus.Receiving, "");
}
