using System.Security.Cryptography;
using Google.Protobuf;
using Handoff.Protos.V1;

namespace Handoff.Testing;

/// <summary>
/// The receiving side, as a destination does it: read the manifest, download every available instance not yet
/// received (over two streams), verify its chunks and content hash, and wait for the transfer's next event when
/// more is still uploading. Files land at &lt;out&gt;/&lt;study&gt;/&lt;sop&gt;.dcm.
/// </summary>
public sealed class TransferReceiver
{
    private readonly HandoffApi _api;
    private readonly string _transferId;
    private readonly string _outFolder;
    private readonly Dictionary<(string Study, string Sop), byte[]> _received = [];

    public TransferReceiver(HandoffApi api, string transferId, string outFolder)
    {
        _api = api;
        _transferId = transferId;
        _outFolder = outFolder;
    }

    /// <summary>Content hash of every instance received, by study and SOP Instance UID.</summary>
    public IReadOnlyDictionary<(string Study, string Sop), byte[]> Received => _received;

    /// <summary>How many instances are on disk so far (safe to read while receiving).</summary>
    public int ReceivedCount
    {
        get
        {
            lock (_received)
                return _received.Count;
        }
    }

    public string PathOf(string studyUid, string sopUid) => Path.Combine(_outFolder, studyUid, sopUid + ".dcm");

    public async Task ReceiveAllAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        using var watch = _api.Transfers.WatchTransfer(new WatchTransferRequest { TransferId = _transferId }, cancellationToken: timeout.Token);
        while (true)
        {
            var manifest = await _api.Downloads.GetTransferManifestAsync(new GetTransferManifestRequest { TransferId = _transferId }, cancellationToken: timeout.Token);
            var pending = manifest.Studies
                .SelectMany(s => s.Series.SelectMany(series => series.Instances).Select(i => (Study: s.StudyInstanceUid, Instance: i)))
                .Where(x => x.Instance.Available && !_received.ContainsKey((x.Study, x.Instance.SopInstanceUid)))
                .ToList();
            var allComplete = manifest.Studies.All(s => s.Complete);
            if (pending.Count > 0)
            {
                var halves = pending.Chunk((pending.Count + 1) / 2).ToArray();
                await Task.WhenAll(halves.Select(half => DownloadAsync(half, timeout.Token)));
                continue;
            }
            if (allComplete)
                return;
            // Something is still uploading: wait for the transfer's next event instead of polling.
            if (!await watch.ResponseStream.MoveNext(timeout.Token))
                throw new InvalidOperationException("the transfer ended before every instance was available");
        }
    }

    private async Task DownloadAsync(IReadOnlyList<(string Study, ManifestInstance Instance)> instances, CancellationToken cancellationToken)
    {
        var request = new DownloadChunksRequest { TransferId = _transferId };
        foreach (var (_, instance) in instances)
            request.ChunkHashes.Add(instance.ChunkHashes);
        using var call = _api.Downloads.DownloadChunks(request, cancellationToken: cancellationToken);
        var results = new List<(string Study, string Sop, byte[] ContentHash)>();
        foreach (var (study, instance) in instances)
        {
            var path = PathOf(study, instance.SopInstanceUid);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var file = File.Create(path);
            var hashes = new List<byte>();
            foreach (var expected in instance.ChunkHashes)
            {
                if (!await call.ResponseStream.MoveNext(cancellationToken))
                    throw new InvalidOperationException($"the download ended before chunk {Convert.ToHexString(expected.Span)}");
                var chunk = call.ResponseStream.Current;
                Assert.Equal(expected, chunk.Hash);
                Assert.Equal(expected.ToByteArray(), SHA256.HashData(chunk.Data.Span));
                await file.WriteAsync(chunk.Data.Memory, cancellationToken);
                hashes.AddRange(expected.ToByteArray());
            }
            var contentHash = SHA256.HashData(hashes.ToArray());
            Assert.Equal(instance.ContentHash, ByteString.CopyFrom(contentHash));
            results.Add((study, instance.SopInstanceUid, contentHash));
        }
        lock (_received)
        {
            foreach (var (study, sop, contentHash) in results)
                _received[(study, sop)] = contentHash;
        }
    }

    public AcknowledgeRequest ToAcknowledgeRequest()
    {
        var request = new AcknowledgeRequest { TransferId = _transferId, RequestId = $"ack-{_transferId}" };
        foreach (var ((study, sop), hash) in _received)
            request.Instances.Add(new InstanceReceipt { StudyInstanceUid = study, SopInstanceUid = sop, ContentHash = ByteString.CopyFrom(hash) });
        return request;
    }
}
