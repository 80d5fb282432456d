using Handoff.Storage.Tests.Support;
using Orleans.Storage;

namespace Handoff.Storage.Tests.Grains;

public sealed class FileGrainStorageTests : IAsyncLifetime
{
    // Real keys contain '/', as StudyGrain's "{facility}/{studyUid}" does.
    private const string StudyKey = "st-marys/1.2.840.113619.2.55.3.604688119.969.1268071029.320";

    private readonly TempDirectory _root = new();
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(_root.Path);

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task WriteState_ThenDeactivate_NextActivationReadsTheSameState()
    {
        var grain = _silo.Grains.GetGrain<INoteGrain>(StudyKey);
        await grain.Add("received CT head");
        await grain.Add("received priors");

        await _silo.Cluster.DeactivateAsync((IAddressable)grain);
        var state = await grain.Get();

        Assert.Equal(2, state.Revision);
        Assert.Equal(["received CT head", "received priors"], state.Lines.Select(l => l.Text));
        Assert.Equal(["grains/note/note~st-marys%2F1.2.840.113619.2.55.3.604688119.969.1268071029.320.state"], _root.Files());
    }

    [Fact]
    public async Task WriteState_NewGrain_StateFileIs0600AndItsFolders0700()
    {
        if (OperatingSystem.IsWindows())
            return;
        await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Add("holds a patient's name");

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_root.Path, "grains"), "*", SearchOption.AllDirectories));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(owner, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(_root.Path, "grains")));
    }

    [Fact]
    public async Task State_NewSiloOnTheSameFolder_IsReadBackAfterARestart()
    {
        await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Add("before restart");
        await _silo.DisposeAsync();

        _silo = await TestSilo.StartAsync(_root.Path);
        var state = await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Get();

        Assert.Equal(1, state.Revision);
        Assert.Equal("before restart", Assert.Single(state.Lines).Text);
    }

    [Fact]
    public async Task WriteState_StaleETag_ThrowsInconsistentStateAndKeepsTheNewerState()
    {
        var grain = _silo.Grains.GetGrain<INoteGrain>(StudyKey);
        await grain.Add("first");

        // Someone else (another activation, an operator tool) writes the same state after the grain read it.
        var grainId = ((IAddressable)grain).GetGrainId();
        var outside = new GrainState<NoteState>();
        await _silo.Storage.ReadStateAsync(NoteGrain.StateName, grainId, outside);
        outside.State!.Lines.Add(new NoteLine("written elsewhere", DateTimeOffset.UtcNow));
        outside.State.Revision = 99;
        await _silo.Storage.WriteStateAsync(NoteGrain.StateName, grainId, outside);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Add("second"));

        // Orleans drops the activation after the conflict; the next one sees what was really stored.
        var state = await grain.Get();
        Assert.Equal(99, state.Revision);
        Assert.Equal(["first", "written elsewhere"], state.Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task WriteState_WithoutETagOverAnExistingState_Throws()
    {
        await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Add("stored");
        var grainId = GrainId.Create("note", StudyKey);
        var blind = new GrainState<NoteState>(new NoteState { Revision = 5 });

        await Assert.ThrowsAsync<InconsistentStateException>(() => _silo.Storage.WriteStateAsync(NoteGrain.StateName, grainId, blind));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _silo.Storage.ClearStateAsync(NoteGrain.StateName, grainId, blind));

        var stored = new GrainState<NoteState>();
        await _silo.Storage.ReadStateAsync(NoteGrain.StateName, grainId, stored);
        Assert.Equal(1, stored.State!.Revision);
    }

    [Fact]
    public async Task ClearState_DeletesTheFile_AndTheNextActivationStartsEmpty()
    {
        var grain = _silo.Grains.GetGrain<INoteGrain>(StudyKey);
        await grain.Add("to be forgotten");

        await grain.Clear();
        await _silo.Cluster.DeactivateAsync((IAddressable)grain);

        Assert.Empty(_root.Files());
        var state = await grain.Get();
        Assert.Equal(0, state.Revision);
        Assert.Empty(state.Lines);
    }

    [Fact]
    public async Task Keys_WithTraversalAndCaseDifferences_StayInsideTheFolderAndDoNotCollide()
    {
        string[] keys = ["../../escape", "/abs/path", "Facility/1", "facility/1", "..", new string('x', 400)];
        foreach (var key in keys)
        {
            await _silo.Grains.GetGrain<INoteGrain>(key).Add(key);
        }

        var files = _root.Files();
        Assert.Equal(keys.Length, files.Count);
        Assert.All(files, f => Assert.StartsWith("grains/note/", f, StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(Path.GetFileName(f).Length < 255, f));
        foreach (var key in keys)
        {
            var grain = _silo.Grains.GetGrain<INoteGrain>(key);
            await _silo.Cluster.DeactivateAsync((IAddressable)grain);
            Assert.Equal(key, Assert.Single((await grain.Get()).Lines).Text);
        }
    }

    [Fact]
    public async Task TempFileFromAWriteKilledMidway_IsIgnored_AndThePreviousStateSurvives()
    {
        var grain = _silo.Grains.GetGrain<INoteGrain>(StudyKey);
        await grain.Add("committed");
        var stateFile = Path.Combine(_root.Path, _root.Files().Single());
        await File.WriteAllBytesAsync(stateFile + ".00000000deadbeef.tmp", [0x48, 0x47, 0x53]);
        await _silo.DisposeAsync();

        _silo = await TestSilo.StartAsync(_root.Path);
        var state = await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Get();

        Assert.Equal("committed", Assert.Single(state.Lines).Text);
    }
}
