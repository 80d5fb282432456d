using Handoff.Contracts.Retention;
using Handoff.Grains.Studies;

namespace Handoff.Grains.Tests.Studies;

/// <summary>A study's hashes are made visible to the chunk collector before they are stored, once per change.</summary>
public sealed class StudyRegistrationTests
{
    private readonly StudyGrainState _state = new() { ChunkSize = TestData.ChunkSize };
    private readonly GrainFake<IStudyRegistryGrain> _registry;
    private readonly IStudyRegistryGrain _registryGrain;
    private readonly GrainFake<IChunkSweepGrain> _sweep;
    private readonly IChunkSweepGrain _sweepGrain;
    private bool _sweeping;
    private int _backstops;

    public StudyRegistrationTests()
    {
        (_registryGrain, _registry) = GrainFake<IStudyRegistryGrain>.Create(("Add", _ => Task.CompletedTask));
        (_sweepGrain, _sweep) = GrainFake<IChunkSweepGrain>.Create(("IsSweeping", _ => Task.FromResult(_sweeping)), ("Protect", _ => Task.CompletedTask));
    }

    private StudyRegistration Registration() => new(() => _registryGrain, () => _sweepGrain, "1.2.3", () =>
    {
        _backstops++;
        return Task.CompletedTask;
    });

    private StudyInstances Declared(int instances)
    {
        var table = new StudyInstances(_state);
        table.Add(TestData.ChunkSize, TestData.Instances(instances));
        return table;
    }

    [Fact]
    public async Task Announce_FirstTime_JoinsRegistryWithBackstopReminder()
    {
        var instances = Declared(1);

        await Registration().AnnounceAsync(_state, instances.Chunks);

        Assert.True(_state.Registered);
        Assert.Equal(["1.2.3"], _registry.Calls.Select(c => c.Arguments[0]));
        Assert.Equal(1, _backstops);
    }

    [Fact]
    public async Task Announce_NothingNewSinceLastTime_AsksNobody()
    {
        var instances = Declared(1);
        var registration = Registration();
        await registration.AnnounceAsync(_state, instances.Chunks);
        var calls = _sweep.Calls.Count;

        await registration.AnnounceAsync(_state, instances.Chunks);

        Assert.Equal(calls, _sweep.Calls.Count);
        Assert.Single(_registry.Calls);
    }

    [Fact]
    public async Task Announce_NewHashesDuringASweep_SweepToldToKeepThem_RegistryNotAgain()
    {
        var instances = Declared(1);
        var registration = Registration();
        await registration.AnnounceAsync(_state, instances.Chunks);
        _sweeping = true;
        var more = TestData.Instance(TestData.Uid(), 2);
        instances.Add(TestData.ChunkSize, [more]);

        await registration.AnnounceAsync(_state, instances.Chunks);

        var protect = Assert.Single(_sweep.Calls, c => c.Method == "Protect");
        Assert.Contains(more.ChunkHashes[1], (IReadOnlyList<string>)protect.Arguments[0]!);
        Assert.Single(_registry.Calls);
        Assert.Equal(1, _backstops);
    }

    [Fact]
    public async Task Announce_NothingDeclared_NothingAnnounced()
    {
        var empty = new StudyGrainState();

        await Registration().AnnounceAsync(empty, new ChunkIndex([], 0));

        Assert.False(empty.Registered);
        Assert.Empty(_registry.Calls);
        Assert.Empty(_sweep.Calls);
    }

    [Fact]
    public async Task Loaded_RegisteredStudy_CurrentVersionCountsAsAnnounced()
    {
        var instances = Declared(1);
        _state.Registered = true;
        var registration = Registration();

        registration.Loaded(_state, instances.Chunks);
        await registration.AnnounceAsync(_state, instances.Chunks);

        Assert.Empty(_sweep.Calls);
    }

    [Fact]
    public async Task Forget_AfterClear_NextDeclarationAnnouncedAfresh()
    {
        var instances = Declared(1);
        var registration = Registration();
        await registration.AnnounceAsync(_state, instances.Chunks);

        registration.Forget();
        var fresh = new StudyGrainState { ChunkSize = TestData.ChunkSize };
        var table = new StudyInstances(fresh);
        table.Add(TestData.ChunkSize, TestData.Instances(1));
        await registration.AnnounceAsync(fresh, table.Chunks);

        Assert.Equal(2, _registry.Calls.Count);
        Assert.True(fresh.Registered);
    }
}
