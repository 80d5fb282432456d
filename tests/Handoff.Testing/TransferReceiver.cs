using System.Collections.Concurrent;
using System.Security.Cryptography;
using Google.Protobuf;
using Handoff.Client;
using Handoff.Protos.V1;
using Microsoft.Win32.SafeHandles;

namespace Handoff.Testing;

/// <summary>
/// The receiving side, as a destination does it: the library's <see cref="HandoffClient.ReceiveAsync"/> (manifest,
/// download of every instance as it becomes available over two streams, every chunk verified, following the transfer
/// while more is uploading, "downloaded" reported once whole), into a sink that writes &lt;out&gt;/&lt;study&gt;/&lt;sop&gt;.dcm
/// and hashes what it was given. It does not acknowledge: the test does, with <see cref="ToAcknowledgeRequest"/>.
/// </summary>
public sealed class TransferReceiver
{
    private const int Streams = 2;

    private readonly HandoffApi _api;
    private readonly string _transferId;
    private readonly string _outFolder;
    private readonly ConcurrentDictionary<(string Study, string Sop), byte[]> _received = new();

    public TransferReceiver(HandoffApi api, string transferId, string outFolder)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
        _transferId = transferId;
        _outFolder = outFolder;
    }

    /// <summary>
    /// Content hash of every instance received (SHA-256 over the SHA-256 of each chunk this receiver wrote), by study
    /// and SOP Instance UID.
    /// </summary>
    public IReadOnlyDictionary<(string Study, string Sop), byte[]> Received => _received;

    /// <summary>How many instances are on disk so far (safe to read while receiving).</summary>
    public int ReceivedCount => _received.Count;

    public string PathOf(string studyUid, string sopUid) => Path.Combine(_outFolder, studyUid, sopUid + ".dcm");

    /// <summary>Receives until every instance of the transfer is on disk; cancelled (and failing) at the deadline.</summary>
    public async Task ReceiveAllAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        using var client = _api.CreateClient();
        await client.ReceiveAsync(_transferId, new Sink(this), new ReceiveOptions { Parallel = Streams, Acknowledge = false }, timeout.Token);
    }

    public AcknowledgeRequest ToAcknowledgeRequest()
    {
        var request = new AcknowledgeRequest { TransferId = _transferId, RequestId = $"ack-{_transferId}" };
        foreach (var ((study, sop), hash) in _received)
            request.Instances.Add(new InstanceReceipt { StudyInstanceUid = study, SopInstanceUid = sop, ContentHash = ByteString.CopyFrom(hash) });
        return request;
    }

    /// <summary>Keeps nothing between runs: every instance is downloaded whole, written at its path, then recorded.</summary>
    private sealed class Sink(TransferReceiver receiver) : IInstanceSink
    {
        public IInstanceWriter Open(ReceivedInstance instance) => new Writer(receiver, instance);
    }

    /// <summary>
    /// Writes chunks at their offsets into &lt;sop&gt;.dcm.part (streams may write one instance at once) and hashes each;
    /// the commit renames the file and records the content hash of what was written.
    /// </summary>
    private sealed class Writer : IInstanceWriter
    {
        private readonly TransferReceiver _receiver;
        private readonly ReceivedInstance _instance;
        private readonly string _path;
        private readonly byte[]?[] _chunkHashes;
        private readonly Lock _lock = new();
        private SafeFileHandle? _handle;

        public Writer(TransferReceiver receiver, ReceivedInstance instance)
        {
            _receiver = receiver;
            _instance = instance;
            _path = receiver.PathOf(instance.StudyInstanceUid, instance.SopInstanceUid);
            _chunkHashes = new byte[instance.Hashes.Count][];
        }

        private string PartialPath => _path + ".part";

        public HeldChunks FindHeld() => HeldChunks.None;

        public void WriteChunk(int index, long offset, ReadOnlySpan<byte> data)
        {
            RandomAccess.Write(Open(), data, offset);
            _chunkHashes[index] = SHA256.HashData(data);
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            var missing = Array.FindIndex(_chunkHashes, hash => hash is null);
            if (missing >= 0)
                throw new InvalidOperationException($"{_instance.SopInstanceUid}: committed without chunk {missing}");
            Open(); // an instance of no bytes has no chunk to create its file
            lock (_lock)
            {
                _handle?.Dispose();
                _handle = null;
            }
            File.Move(PartialPath, _path, overwrite: true);
            var contentHash = SHA256.HashData(_chunkHashes.SelectMany(hash => hash!).ToArray());
            _receiver._received[(_instance.StudyInstanceUid, _instance.SopInstanceUid)] = contentHash;
            return ValueTask.CompletedTask;
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _handle?.Dispose();
                _handle = null;
            }
        }

        private SafeFileHandle Open()
        {
            lock (_lock)
            {
                if (_handle is { } open)
                    return open;
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                _handle = File.OpenHandle(PartialPath, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
                RandomAccess.SetLength(_handle, _instance.Hashes.Length);
                return _handle;
            }
        }
    }
}
