namespace Handoff.Client;

/// <summary>What a sink already holds of an instance from an earlier run (see <see cref="IInstanceWriter.FindHeld"/>).</summary>
/// <param name="Complete">The whole instance is stored and verifies: nothing is to be downloaded.</param>
/// <param name="Verified">For each chunk index, whether that chunk is held and verifies; may be empty when nothing is held.</param>
public sealed record HeldChunks(bool Complete, IReadOnlyList<bool> Verified)
{
    /// <summary>Nothing is held.</summary>
    public static HeldChunks None { get; } = new(false, []);

    /// <summary>The whole instance is held.</summary>
    public static HeldChunks Whole { get; } = new(true, []);

    /// <summary>Whether chunk <paramref name="index"/> is held and verifies.</summary>
    /// <param name="index">The chunk index.</param>
    /// <returns>True when it need not be downloaded.</returns>
    public bool Holds(int index) => Complete || (index < Verified.Count && Verified[index]);
}
