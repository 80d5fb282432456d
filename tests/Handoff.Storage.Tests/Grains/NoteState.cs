namespace Handoff.Storage.Tests.Grains;

/// <summary>Shaped like the project's grain states: a mutable class holding immutable [GenerateSerializer] records.</summary>
[GenerateSerializer, Alias("handoff.tests.NoteState")]
public sealed class NoteState
{
    [Id(0)]
    public int Revision { get; set; }

    [Id(1)]
    public List<NoteLine> Lines { get; set; } = [];
}
