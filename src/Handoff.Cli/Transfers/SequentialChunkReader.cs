namespace Handoff.Cli.Transfers;

/// <summary>Reads an instance's chunks for upload, in ascending offset order.</summary>
internal abstract class SequentialChunkReader : IDisposable
{
    /// <summary>Fills <paramref name="destination"/> with the bytes at <paramref name="offset"/>; fails if the input changed size.</summary>
    public abstract void Read(long offset, Span<byte> destination);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    protected static IOException Changed(string name) =>
        new($"{name}: changed while it was being sent (it is shorter than when it was hashed)");
}
