namespace Handoff.Testing;

/// <summary>
/// The chunk size test servers run with (Handoff:Upload:ChunkSize) and <see cref="LocalStudy"/> hashes with, in one
/// place so the two cannot drift apart: small, so small synthetic instances span several chunks.
/// </summary>
public static class ChunkSizes
{
    /// <summary>64 KiB: a 256×256 synthetic slice (128 KiB of pixels) has 3 chunks.</summary>
    public const int Small = 64 * 1024;
}
