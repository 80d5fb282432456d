using Handoff.Client;
using Handoff.Dicom;
using Microsoft.Win32.SafeHandles;

namespace Handoff.Cli.Transfers;

/// <summary>An instance candidate that is a file on disk: hashed and uploaded with positioned reads, no copies.</summary>
internal sealed class FileInstanceSource : InstanceSource
{
    public FileInstanceSource(string path, string name, long length, DateTime lastWriteUtc)
    {
        Path = path;
        Name = name;
        Length = length;
        LastWriteUtc = lastWriteUtc;
    }

    public string Path { get; }

    public override string Name { get; }

    public override long Length { get; }

    public DateTime LastWriteUtc { get; }

    public override string Fingerprint => InstanceFingerprint.Of(Name, Length, LastWriteUtc);

    public override InspectedInstance? Inspect(int chunkSize, SourceContext context, out string reason)
    {
        // The header first: a file that is not DICOM is skipped after reading a few bytes, not hashed in full.
        if (!InstanceHeader.TryRead(() => DicomFile.Open(Path, InstanceHeader.HeaderOnly), out var header, out reason))
            return null;
        return new InspectedInstance(header, InstanceHasher.HashFile(Path, chunkSize), this);
    }

    public override SequentialChunkReader OpenChunks(SourceContext context) => new FileChunkReader(Path, Name);

    private sealed class FileChunkReader(string path, string name) : SequentialChunkReader
    {
        private readonly SafeFileHandle _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);

        public override void Read(long offset, Span<byte> destination)
        {
            if (InstanceHasher.ReadFully(_handle, destination, offset) != destination.Length)
                throw Changed(name);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _handle.Dispose();
        }
    }
}
