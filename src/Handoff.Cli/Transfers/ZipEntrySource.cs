using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using Handoff.Client;
using Handoff.Dicom;

namespace Handoff.Cli.Transfers;

/// <summary>
/// An instance candidate inside a zip archive, read without extracting it when it is small: the entry is
/// inflated into a pooled buffer, parsed and hashed there. A large entry is inflated once to a temporary file
/// (hashing in the same pass) and uploaded from that file, so memory stays bounded whatever the entry size.
/// </summary>
internal sealed class ZipEntrySource : InstanceSource
{
    /// <summary>Entries up to this size are inspected in memory; larger ones go through a temporary file.</summary>
    public const int InMemoryLimit = 16 * 1024 * 1024;

    public ZipEntrySource(int entryIndex, string name, long length, uint crc32)
    {
        EntryIndex = entryIndex;
        Name = name;
        Length = length;
        Crc32 = crc32;
    }

    /// <summary>Position in the archive's central directory, the same for every reader of the same file.</summary>
    public int EntryIndex { get; }

    public override string Name { get; }

    public override long Length { get; }

    public uint Crc32 { get; }

    public override string Fingerprint =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}\t{Length}\t{Crc32:x8}");

    public override InspectedInstance? Inspect(int chunkSize, SourceContext context, out string reason)
    {
        var entry = context.Entry(EntryIndex);
        return entry.Length <= InMemoryLimit ? InspectInMemory(entry, chunkSize, out reason) : InspectViaTemporaryFile(entry, chunkSize, context, out reason);
    }

    public override SequentialChunkReader OpenChunks(SourceContext context) => new ZipChunkReader(context.Entry(EntryIndex).Open(), Name);

    private InspectedInstance? InspectInMemory(ZipArchiveEntry entry, int chunkSize, out string reason)
    {
        var length = (int)entry.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            using (var stream = entry.Open())
            {
                if (stream.ReadAtLeast(buffer.AsSpan(0, length), length, throwOnEndOfStream: false) != length)
                    throw new InvalidDataException($"{Name}: the zip entry is shorter than its directory says");
            }
            var bytes = buffer.AsMemory(0, length);
            // The header's strings are copied out before the buffer goes back to the pool.
            if (!InstanceHeader.TryRead(() => DicomFile.Read(bytes, InstanceHeader.HeaderOnly), out var header, out reason))
                return null;
            return new InspectedInstance(header, InstanceHasher.Hash(bytes.Span, chunkSize), this);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private InspectedInstance? InspectViaTemporaryFile(ZipArchiveEntry entry, int chunkSize, SourceContext context, out string reason)
    {
        var path = context.TemporaryPath(string.Create(CultureInfo.InvariantCulture, $"entry-{EntryIndex}.dcm"));
        InstanceHashes hashes;
        using (var stream = entry.Open())
        using (var copy = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0))
            hashes = InstanceHasher.Hash(stream, chunkSize, copy);
        if (!InstanceHeader.TryRead(() => DicomFile.Open(path, InstanceHeader.HeaderOnly), out var header, out reason))
        {
            File.Delete(path);
            return null;
        }
        var extracted = new FileInstanceSource(path, Name, hashes.Length, File.GetLastWriteTimeUtc(path));
        return new InspectedInstance(header, hashes, extracted);
    }

    /// <summary>Inflated entries only read forward, so a chunk further on is reached by reading past the ones before.</summary>
    private sealed class ZipChunkReader(Stream stream, string name) : SequentialChunkReader
    {
        private long _position;

        public override void Read(long offset, Span<byte> destination)
        {
            if (offset < _position)
                throw new InvalidOperationException("zip entry chunks must be read in ascending order");
            while (_position < offset)
            {
                var skip = destination[..(int)Math.Min(destination.Length, offset - _position)];
                var skipped = stream.ReadAtLeast(skip, skip.Length, throwOnEndOfStream: false);
                if (skipped == 0)
                    throw Changed(name);
                _position += skipped;
            }
            if (stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) != destination.Length)
                throw Changed(name);
            _position += destination.Length;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                stream.Dispose();
        }
    }
}
