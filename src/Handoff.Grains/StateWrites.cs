namespace Handoff.Grains;

/// <summary>How a grain stores its state when a failed write must not leave memory ahead of storage.</summary>
internal static class StateWrites
{
    /// <summary>
    /// Writes the state. When the write fails, memory holds a change storage does not: the activation is dropped, so
    /// the next call reloads what is stored, and the failure goes to the caller.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state, Grain grain)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
