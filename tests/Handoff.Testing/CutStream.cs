namespace Handoff.Testing;

/// <summary>
/// Bytes whose reading fails after <c>cutAfter</c> of them, as a sender that dies in the middle of an instance: what
/// it sent before stays sent, the rest never comes.
/// </summary>
public sealed class CutStream(byte[] bytes, int cutAfter) : MemoryStream(bytes, writable: false)
{
    public override int Read(Span<byte> buffer) =>
        Position + buffer.Length > cutAfter ? throw new IOException("the sender went away") : base.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Position + buffer.Length > cutAfter ? throw new IOException("the sender went away") : base.ReadAsync(buffer, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) =>
        Position + count > cutAfter ? throw new IOException("the sender went away") : base.Read(buffer, offset, count);
}
