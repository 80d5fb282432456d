namespace Handoff.Storage.Tests.Grains;

/// <summary>What the tests ask of <see cref="NoteGrain"/>: change state, clear it, register and look up reminders.</summary>
public interface INoteGrain : IGrainWithStringKey
{
    Task<NoteState> Get();

    Task Add(string text);

    Task Clear();

    Task RegisterRetention(TimeSpan period);

    Task<bool> HasReminder(string name);
}
