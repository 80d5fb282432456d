namespace Handoff.Cli.Transfers;

/// <summary>
/// Where one candidate instance's bytes come from: a file in a folder, or an entry of a zip archive. The scanner
/// inspects it once (header and chunk hashes in one pass); uploads read back only the chunks the server lacks.
/// </summary>
internal abstract class InstanceSource
{
    /// <summary>The path relative to what the user gave (folder or zip), for messages and the declaration.</summary>
    public abstract string Name { get; }

    /// <summary>Size in bytes as the listing reports it.</summary>
    public abstract long Length { get; }

    /// <summary>
    /// What identifies this input between two runs on the same folder or zip without reading it (name, size and
    /// modification time, or the entry's CRC-32): part of the request id that makes a rerun resume the same transfer.
    /// </summary>
    public abstract string Fingerprint { get; }

    /// <summary>Parses the header and hashes the chunks. Returns null, with a reason, for input that is not an instance.</summary>
    public abstract InspectedInstance? Inspect(int chunkSize, SourceContext context, out string reason);

    /// <summary>Opens the bytes for an upload that reads chunks in ascending offset order.</summary>
    public abstract SequentialChunkReader OpenChunks(SourceContext context);
}
