using Handoff.Storage.Tests.Support;
using Orleans.Storage;

namespace Handoff.Storage.Tests.Grains;

public sealed class FileGrainStorageTests : IAsyncLifetime
{
    // Real keys contain '/', as StudyGrain's "{facility}/{studyUid}" does.
    private const string StudyKey = "st-marys/1.2.840.113619.2.55.3.604688119.969.1268071029.320";
    private const string StateFile = "grains/note/note~st-marys%2F1.2.840.113619.2.55.3.604688119.969.1268071029.320.state";

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
        Assert.Equal([StateFile, StateFile + ".b"], _root.Files());
    }

    [Fact]
    public async Task ManyWrites_RewriteTheSameTwoFiles_NoFileCreatedPerWrite()
    {
        var grain = _silo.Grains.GetGrain<INoteGrain>(StudyKey);
        await grain.Add("first");
        Assert.Equal([StateFile], _root.Files());
        await grain.Add("second");
        var inodes = Inodes();

        for (var i = 0; i < 10; i++)
            await grain.Add($"line {i}");

        Assert.Equal([StateFile, StateFile + ".b"], _root.Files());
        Assert.Equal(inodes, Inodes());
        await _silo.Cluster.DeactivateAsync((IAddressable)grain);
        Assert.Equal(12, (await grain.Get()).Lines.Count);
    }

    [Fact]
    public async Task NewestSlotTornByAWriteCutShort_PreviousStateRead_TornSlotDropped_WritesGoOn()
    {
        var grain = _silo.Grains.GetGrain<INoteGrain>(StudyKey);
        await grain.Add("first");
        await grain.Add("second");
        await grain.Add("third"); // the first slot again: newest
        await _silo.DisposeAsync();
        var newest = Path.Combine(_root.Path, StateFile);
        var bytes = await File.ReadAllBytesAsync(newest);
        bytes[^1] ^= 0xFF; // the write of "third" cut short: its last bytes never reached the file
        await File.WriteAllBytesAsync(newest, bytes);

        _silo = await TestSilo.StartAsync(_root.Path);
        grain = _silo.Grains.GetGrain<INoteGrain>(StudyKey);
        Assert.Equal(["first", "second"], (await grain.Get()).Lines.Select(l => l.Text));
        await grain.Add("again");
        await _silo.Cluster.DeactivateAsync((IAddressable)grain);

        Assert.Equal(["first", "second", "again"], (await grain.Get()).Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task NoWholeSlot_ReadFailsNamingTheFile_NothingDeleted()
    {
        await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Add("first");
        await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Add("second");
        foreach (var file in _root.Files())
        {
            var path = Path.Combine(_root.Path, file);
            var bytes = await File.ReadAllBytesAsync(path);
            bytes[^1] ^= 0xFF;
            await File.WriteAllBytesAsync(path, bytes);
        }

        var stored = new GrainState<NoteState>();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => _silo.Storage.ReadStateAsync(NoteGrain.StateName, GrainId.Create("note", StudyKey), stored));

        Assert.Contains(StateFile.Split('/')[^1], error.Message, StringComparison.Ordinal);
        Assert.Equal([StateFile, StateFile + ".b"], _root.Files());
    }

    [Fact]
    public async Task NoReadableSlot_WriteAndClearFail_TheFilesStayAsTheyWere()
    {
        await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Add("first");
        var path = Path.Combine(_root.Path, StateFile);
        await File.WriteAllBytesAsync(path, "not a grain state"u8.ToArray());
        var grainId = GrainId.Create("note", StudyKey);
        var blind = new GrainState<NoteState>(new NoteState { Revision = 5 });

        await Assert.ThrowsAsync<InvalidDataException>(() => _silo.Storage.WriteStateAsync(NoteGrain.StateName, grainId, blind));
        await Assert.ThrowsAsync<InvalidDataException>(() => _silo.Storage.ClearStateAsync(NoteGrain.StateName, grainId, blind));

        Assert.Equal("not a grain state"u8.ToArray(), await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task StateWrittenByTheOlderSingleFileFormat_IsRead_ThenWrittenInSlots()
    {
        var grain = _silo.Grains.GetGrain<INoteGrain>(StudyKey);
        await grain.Add("from the older version");
        await _silo.DisposeAsync();
        // Format 1: magic, version 1, ETag, payload length, payload (no sequence, no checksum).
        var path = Path.Combine(_root.Path, StateFile);
        var current = await File.ReadAllBytesAsync(path);
        var payload = current.AsSpan(68).ToArray();
        var legacy = new byte[28 + payload.Length];
        "HGS1"u8.CopyTo(legacy);
        legacy[4] = 1;
        current.AsSpan(8, 16).CopyTo(legacy.AsSpan(8));
        BitConverter.TryWriteBytes(legacy.AsSpan(24), payload.Length);
        payload.CopyTo(legacy.AsSpan(28));
        await File.WriteAllBytesAsync(path, legacy);

        _silo = await TestSilo.StartAsync(_root.Path);
        grain = _silo.Grains.GetGrain<INoteGrain>(StudyKey);
        await grain.Add("after the upgrade");
        await _silo.Cluster.DeactivateAsync((IAddressable)grain);

        Assert.Equal(["from the older version", "after the upgrade"], (await grain.Get()).Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task WriteState_NewGrain_BothStateFilesAre0600AndTheirFolders0700()
    {
        if (OperatingSystem.IsWindows())
            return;
        await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Add("holds a patient's name");
        await _silo.Grains.GetGrain<INoteGrain>(StudyKey).Add("and more");

        var files = Directory.GetFiles(Path.Combine(_root.Path, "grains"), "*", SearchOption.AllDirectories);
        Assert.Equal(2, files.Length);
        foreach (var file in files)
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(owner, File.GetUnixFileMode(Path.GetDirectoryName(files[0])!));
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

    /// <summary>The inode numbers of the state's files (stat), which change when a file is created anew.</summary>
    private string Inodes()
    {
        var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i %n", .. _root.Files()])
        {
            WorkingDirectory = _root.Path,
            RedirectStandardOutput = true,
        })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        Assert.Equal(0, stat.ExitCode);
        return output;
    }
}
