using System.Security.Cryptography;
using System.Text;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Server.Federation.Relay;

namespace Handoff.Server.Tests.Federation;

/// <summary>
/// What the relay knows of the studies it forwards: which instances are ready to send (available here, with chunks
/// the peer lacks), which studies are complete, and when an event names something it never loaded.
/// </summary>
public sealed class RelayViewTests
{
    private const string Study = "1.2.840.1";

    private static string Hash(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    private static ManifestInstance Instance(string uid, bool available, params string[] chunks) =>
        new(uid, "1.2.840.10008.5.1.4.1.1.2", "1.2.3", chunks.Length * 100L, chunks, available ? Hash(uid) : "", available, 1);

    private static StudyManifest Manifest(bool complete, params ManifestInstance[] instances) =>
        new(Study, new StudyStatusRecord(Study, complete ? StudyState.Complete : StudyState.Receiving, instances.Length, 0, 0, 0, 1, []), null, [], instances, 1024);

    private static TransferEventRecord Event(TransferEventKind kind, string study, string sop = "") =>
        new(1, Guid.NewGuid(), kind, DateTimeOffset.UnixEpoch, "st-a", study, sop, TransferStatus.Receiving, "");

    [Fact]
    public void Load_AvailableInstancesWithLackingChunks_ReadyOnceEachSharedChunkOnce()
    {
        var (a, b, shared) = (Hash("a"), Hash("b"), Hash("shared"));
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", true, a, shared), Instance("9.2", true, b, shared), Instance("9.3", false, Hash("c"))),
            new HashSet<string> { a, b, shared, Hash("c") });

        var ready = view.TakeReadyChunks(Study, new HashSet<string> { a, b, shared, Hash("c") });

        Assert.Equal(new[] { a, b, shared }.Order(), ready.Order());
        Assert.Empty(view.TakeReadyChunks(Study, new HashSet<string> { a, b, shared }));
        Assert.Equal(3, view.InstanceCount);
    }

    [Fact]
    public void Load_AvailableButPeerHasEveryChunk_NotReady()
    {
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", true, Hash("a"))), new HashSet<string>());

        Assert.Empty(view.TakeReadyChunks(Study, new HashSet<string>()));
    }

    [Fact]
    public void TakeReadyChunks_OnlyWhatThePeerStillLacks()
    {
        var (a, b) = (Hash("a"), Hash("b"));
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", true, a, b)), new HashSet<string> { a, b });

        Assert.Equal([b], view.TakeReadyChunks(Study, new HashSet<string> { b }));
    }

    [Fact]
    public void Apply_InstanceAvailableForALoadedInstance_ReadyNow()
    {
        var a = Hash("a");
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", false, a)), new HashSet<string> { a });
        Assert.Empty(view.TakeReadyChunks(Study, new HashSet<string> { a }));

        Assert.True(view.Apply(Event(TransferEventKind.InstanceAvailable, Study, "9.1")));

        Assert.Equal([a], view.TakeReadyChunks(Study, new HashSet<string> { a }));
    }

    [Fact]
    public void Apply_InstanceAvailableForSomethingNeverLoaded_FalseSoTheManifestsAreReadAgain()
    {
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", false, Hash("a"))), new HashSet<string>());

        Assert.False(view.Apply(Event(TransferEventKind.InstanceAvailable, Study, "9.9")));
        Assert.False(view.Apply(Event(TransferEventKind.InstanceAvailable, "1.2.840.2", "9.1")));
    }

    [Fact]
    public void Apply_StudyComplete_CompleteAndTrueOnlyForALoadedStudy()
    {
        var view = new RelayView();
        view.Load(Manifest(false, Instance("9.1", false, Hash("a"))), new HashSet<string>());
        Assert.False(view.IsComplete(Study));

        Assert.True(view.Apply(Event(TransferEventKind.StudyComplete, Study)));
        Assert.False(view.Apply(Event(TransferEventKind.StudyComplete, "1.2.840.2")));

        Assert.True(view.IsComplete(Study));
    }

    [Fact]
    public void Load_CompleteManifest_StudyComplete()
    {
        var view = new RelayView();

        view.Load(Manifest(true, Instance("9.1", true, Hash("a"))), new HashSet<string>());

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
    public void TakeReadyChunks_UnknownStudy_Empty()
    {
        Assert.Empty(new RelayView().TakeReadyChunks(Study, new HashSet<string> { Hash("a") }));
    }
}
