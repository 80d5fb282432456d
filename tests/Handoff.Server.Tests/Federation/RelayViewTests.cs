using System.Security.Cryptography;
using System.Text;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Server.Federation.Relay;

namespace Handoff.Server.Tests.Federation;

/// <summary>
/// What the relay knows of the studies it forwards: which instances are ready to send (available here, with work the
/// upload still has for them), which studies are complete, and when an event names something it never loaded.
/// </summary>
public sealed class RelayViewTests
{
    private const string Study = "1.2.840.1";

    private static string Hash(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    private static ManifestInstance Instance(string uid, bool available) =>
        new(uid, "1.2.840.10008.5.1.4.1.1.2", "1.2.3", 100L, [Hash(uid)], available ? Hash(uid) : "", available, 1);

    private static StudyManifest Manifest(bool complete, params ManifestInstance[] instances) =>
        new(Study, new StudyStatusRecord(Study, complete ? StudyState.Complete : StudyState.Receiving, instances.Length, 0, 0, 0, 1, []), null, [], instances, 1024);

    private static TransferEventRecord Event(TransferEventKind kind, string study, string sop = "") =>
        new(1, Guid.NewGuid(), kind, DateTimeOffset.UnixEpoch, "st-a", study, sop, TransferStatus.Receiving, "");

    private static bool AllPending(string sop) => true;

    [Fact]
    public void Load_AvailableInstancesWithWork_ReadyOnce()
    {
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", true), Instance("9.2", true), Instance("9.3", false)), AllPending);

        Assert.Equal(["9.1", "9.2"], view.TakeReady(Study).Order());
        Assert.Empty(view.TakeReady(Study));
        Assert.Equal(3, view.InstanceCount);
    }

    [Fact]
    public void Load_AvailableButNothingLeftToSend_NotReady()
    {
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", true), Instance("9.2", true)), sop => sop == "9.2");

        Assert.Equal(["9.2"], view.TakeReady(Study));
    }

    [Fact]
    public void Apply_InstanceAvailableForALoadedInstance_ReadyNow()
    {
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", false)), AllPending);
        Assert.Empty(view.TakeReady(Study));

        Assert.True(view.Apply(Event(TransferEventKind.InstanceAvailable, Study, "9.1")));

        Assert.Equal(["9.1"], view.TakeReady(Study));
    }

    [Fact]
    public void Apply_InstanceAvailableForSomethingNeverLoaded_FalseSoTheManifestsAreReadAgain()
    {
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", false)), AllPending);

        Assert.False(view.Apply(Event(TransferEventKind.InstanceAvailable, Study, "9.9")));
        Assert.False(view.Apply(Event(TransferEventKind.InstanceAvailable, "1.2.840.2", "9.1")));
        Assert.Empty(view.TakeReady(Study));
    }

    [Fact]
    public void Load_Again_ReplacesWhatWasReady()
    {
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", true)), AllPending);

        view.Load(Manifest(false, Instance("9.1", true), Instance("9.2", true)), sop => sop == "9.2");

        Assert.Equal(["9.2"], view.TakeReady(Study));
        Assert.Equal(2, view.InstanceCount);
    }

    [Fact]
    public void Apply_StudyComplete_CompleteAndTrueOnlyForALoadedStudy()
    {
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", false)), AllPending);
        Assert.False(view.IsComplete(Study));

        Assert.True(view.Apply(Event(TransferEventKind.StudyComplete, Study)));
        Assert.False(view.Apply(Event(TransferEventKind.StudyComplete, "1.2.840.2")));

        Assert.True(view.IsComplete(Study));
    }

    [Fact]
    public void Load_CompleteManifest_StudyComplete()
    {
        var view = new RelayView();

        view.Load(Manifest(true, Instance("9.1", true)), AllPending);

        Assert.True(view.IsComplete(Study));
    }

    [Fact]
    public void Apply_OtherEvents_NothingToReRead()
    {
        var view = new RelayView();

        Assert.True(view.Apply(Event(TransferEventKind.Downloaded, Study)));
        Assert.True(view.Apply(Event(TransferEventKind.RelayWaiting, Study)));
    }

    [Fact]
    public void TakeReady_UnknownStudy_Empty()
    {
        Assert.Empty(new RelayView().TakeReady(Study));
    }
}
