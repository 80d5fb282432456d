using Orleans.Runtime;

namespace Handoff.Storage.Tests.Grains;

/// <summary>A test grain with file-backed state and a reminder, standing in for the study and transfer grains.</summary>
public sealed class NoteGrain : Grain, INoteGrain, IRemindable
{
    public const string StorageName = "handoff";
    public const string StateName = "note";

    private readonly IPersistentState<NoteState> _state;

    public NoteGrain([PersistentState(StateName, StorageName)] IPersistentState<NoteState> state) => _state = state;

    public Task<NoteState> Get() => Task.FromResult(_state.State);

    public async Task Add(string text)
    {
        _state.State.Lines.Add(new NoteLine(text, DateTimeOffset.UtcNow));
        _state.State.Revision++;
        await _state.WriteStateAsync();
    }

    public Task Clear() => _state.ClearStateAsync();

    public Task RegisterRetention(TimeSpan period) => this.RegisterOrUpdateReminder("retention", period, period);

    public async Task<bool> HasReminder(string name) => await this.GetReminder(name) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
