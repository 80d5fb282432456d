namespace Handoff.Contracts.Studies;

/// <summary>
/// How an instance of a given size is cut into chunks: every chunk is <c>chunkSize</c> bytes except the last, which
/// holds the remainder. The one home of this arithmetic on the server side: declaration checks, the upload's length
/// check and the study's index all ask here.
/// </summary>
public static class ChunkLayout
{
    /// <summary>How many chunks <paramref name="size"/> bytes take; division, so sizes near long.MaxValue do not overflow.</summary>
    public static long Count(long size, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        return (size / chunkSize) + (size % chunkSize == 0 ? 0 : 1);
    }

    /// <summary>The length chunk <paramref name="index"/> of an instance of <paramref name="size"/> bytes must have.</summary>
    public static int LengthAt(long size, int chunkSize, int index)
    {
        var count = Count(size, chunkSize);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        return index < count - 1 ? chunkSize : (int)(size - ((count - 1) * chunkSize));
    }
}
