using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>What a transfer asks of its studies, against fake study grains: no cluster.</summary>
public sealed class CarriedStudyCallsTests
{
    private static readonly Guid TransferId = Guid.NewGuid();
    private readonly Dictionary<string, IStudyGrain> _studies = [];
    private readonly List<string> _asked = [];

    private CarriedStudyCalls Calls() => new((facility, uid) =>
    {
        _asked.Add($"{facility}/{uid}");
        return _studies[uid];
    }, TransferId, NullLogger.Instance);

    private static StudyStatusRecord Status(string uid, bool complete) =>
        new(uid, complete ? StudyState.Complete : StudyState.Receiving, 3, complete ? 3 : 1, 300, complete ? 300 : 100, 1, []);

    [Fact]
    public async Task RequireExist_SecondStudyNeverDeclared_NotFoundNamingIt()
    {
        _studies["1.1"] = GrainFake<IStudyGrain>.Create(("Exists", _ => Task.FromResult(true))).Grain;
        _studies["1.2"] = GrainFake<IStudyGrain>.Create(("Exists", _ => Task.FromResult(false))).Grain;

        var error = await Assert.ThrowsAsync<DomainException>(() => Calls().RequireExistAsync("st-a", ["1.1", "1.2"]));

        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
        Assert.Equal("study 1.2 not found for facility 'st-a'", error.Message);
        Assert.Equal(["st-a/1.1", "st-a/1.2"], _asked);
    }

    [Fact]
    public async Task Attach_TwoStudies_AttachesThisTransferAndReturnsTotalsInOrder()
    {
        var (first, firstCalls) = GrainFake<IStudyGrain>.Create(("AttachTransfer", _ => Task.FromResult(Status("1.1", true))));
        var (second, _) = GrainFake<IStudyGrain>.Create(("AttachTransfer", _ => Task.FromResult(Status("1.2", false))));
        (_studies["1.1"], _studies["1.2"]) = (first, second);

        var totals = await Calls().AttachAsync("st-a", ["1.1", "1.2"]);

        Assert.Equal([new TransferStudyRecord("1.1", 3, 3, 300, true), new TransferStudyRecord("1.2", 3, 1, 300, false)], totals);
        Assert.Equal(TransferId, Assert.Single(firstCalls.Calls).Arguments[0]);
    }

    [Fact]
    public async Task ExpectedContentHashes_InstanceNotVerified_EmptyHash()
    {
        var verified = new ManifestInstance("9.1", "", "", 10, [TestData.Hash("c")], TestData.Hash("content"), true, 1);
        var pending = new ManifestInstance("9.2", "", "", 10, [TestData.Hash("d")], "", false, 2);
        var manifest = new StudyManifest("1.1", Status("1.1", false), null, [], [verified, pending], 1024);
        _studies["1.1"] = GrainFake<IStudyGrain>.Create(("GetManifest", _ => Task.FromResult(manifest))).Grain;

        var expected = await Calls().ExpectedContentHashesAsync("st-a", ["1.1"]);

        Assert.Equal(TestData.Hash("content"), expected[new InstanceKey("1.1", "9.1")]);
        Assert.Equal("", expected[new InstanceKey("1.1", "9.2")]);
    }

    [Fact]
    public async Task ReleaseAll_OneStudyUnreachable_FalseButTheOthersReleased()
    {
        var (reachable, reachableCalls) = GrainFake<IStudyGrain>.Create(("ReleaseTransfer", _ => Task.CompletedTask));
        var (unreachable, _) = GrainFake<IStudyGrain>.Create(("ReleaseTransfer", _ => Task.FromException(new TimeoutException("silo gone"))));
        (_studies["1.1"], _studies["1.2"]) = (unreachable, reachable);

        Assert.False(await Calls().ReleaseAllAsync("st-a", ["1.1", "1.2"]));
        Assert.Single(reachableCalls.Calls);
    }

    [Fact]
    public async Task ReleaseAll_AllReachable_True()
    {
        _studies["1.1"] = GrainFake<IStudyGrain>.Create(("ReleaseTransfer", _ => Task.CompletedTask)).Grain;

        Assert.True(await Calls().ReleaseAllAsync("st-a", ["1.1"]));
    }

    [Fact]
    public async Task DetachAll_OneStudyFails_DoesNotThrow_OthersDetached()
    {
        var (failing, _) = GrainFake<IStudyGrain>.Create(("DetachTransfer", _ => Task.FromException(new TimeoutException("silo gone"))));
        var (fine, fineCalls) = GrainFake<IStudyGrain>.Create(("DetachTransfer", _ => Task.CompletedTask));
        (_studies["1.1"], _studies["1.2"]) = (failing, fine);

        await Calls().DetachAllAsync("st-a", ["1.1", "1.2"]);

        Assert.Equal("DetachTransfer", Assert.Single(fineCalls.Calls).Method);
    }
}
