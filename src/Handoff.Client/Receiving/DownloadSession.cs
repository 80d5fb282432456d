using System.Threading.Channels;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// A receive: downloads every instance of a transfer over parallel streams as soon as each is available (so it can
/// start while the sender is still uploading) into a sink, follows the transfer's events to learn of new ones, and
/// polls the manifest as a fallback. When the transfer is whole and every instance verified, it reports the download
/// and acknowledges with the content hashes. A rerun keeps every verified instance and chunk the sink holds.
/// </summary>
internal sealed class DownloadSession
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>The server's limit on the instances one manifest request may name.</summary>
    private const int MaxInstancesPerManifestRequest = 1000;

    private readonly HandoffConnection _connection;
    private readonly string _transferId;
    private readonly ReceiveOptions _options;
    private readonly TransferCounters _counters;
    private readonly RetryPolicy _retry;
    private readonly Channel<TransferEvent?> _signals = Channel.CreateUnbounded<TransferEvent?>();
    private readonly Channel<DownloadJob> _jobs = Channel.CreateUnbounded<DownloadJob>();
    private readonly ManifestTracker _tracker;

    public DownloadSession(HandoffConnection connection, string transferId, IInstanceSink sink, ReceiveOptions options)
    {
        _connection = connection;
        _retry = RetryPolicy.For(connection);
        _transferId = transferId;
        _options = options;
        _counters = new TransferCounters(options.Progress);
        _tracker = new ManifestTracker(sink, _counters);
    }

    public async Task<ReceiveResult> RunAsync(CancellationToken cancellationToken)
    {
        var manifestRequest = new GetTransferManifestRequest { TransferId = _transferId };
        var manifest = await _retry.RunAsync(token => _connection.Downloads.GetTransferManifestAsync(manifestRequest, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        HandoffConnection.EnsureChunkFits(manifest.ChunkSize);
        try
        {
            manifest = await DownloadUntilFinishedAsync(manifest, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var target in _tracker.Targets)
                target.Assembly.Dispose();
        }
        _counters.TotalKnown = true;

        var state = manifest.State;
        if (state == TransferState.Available)
            state = (await Acknowledger.ReportDownloadedAsync(_connection.Downloads, _retry, _transferId, cancellationToken).ConfigureAwait(false)).State;
        var acknowledged = state == TransferState.Acknowledged;
        if (_options.Acknowledge && !acknowledged)
        {
            var response = await Acknowledger.AcknowledgeAsync(_connection, _retry, _transferId, Receipt(), delivery: null, cancellationToken).ConfigureAwait(false);
            state = response.Transfer?.State ?? TransferState.Acknowledged;
            acknowledged = true;
        }
        return Summarize(manifest, state, acknowledged);
    }

    private async Task<TransferManifest> DownloadUntilFinishedAsync(TransferManifest manifest, CancellationToken cancellationToken)
    {
        using var group = new TaskGroup(cancellationToken);
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(group.Token);
        group.Start(_ => TransferWatcher.RunAsync(_connection.Transfers, _transferId, _signals.Writer, _retry, watch.Token));
        for (var i = 0; i < _options.Parallel; i++)
        {
            var downloader = new ChunkDownloader(_connection.Downloads, _transferId, _tracker, _counters, _retry, () => _signals.Writer.TryWrite(null));
            group.Start(token => downloader.RunAsync(_jobs.Reader, token));
        }
        try
        {
            manifest = await CoordinateAsync(manifest, group.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            group.Fail(e);
        }
        finally
        {
            _jobs.Writer.TryComplete();
            await watch.CancelAsync().ConfigureAwait(false);
        }
        await group.WaitAsync().ConfigureAwait(false);
        return manifest;
    }

    private async Task<TransferManifest> CoordinateAsync(TransferManifest manifest, CancellationToken cancellationToken)
    {
        var manifestRequest = new GetTransferManifestRequest { TransferId = _transferId };
        while (true)
        {
            foreach (var target in await _tracker.MergeAsync(manifest, cancellationToken).ConfigureAwait(false))
                Enqueue(target);
            if (TransferStates.IsAbandoned(manifest.State))
                throw new TransferEndedException(_transferId, manifest.State);
            _counters.TotalKnown = AllStudiesComplete(manifest);
            if (_tracker.IsFinished(manifest))
                return manifest;
            var newInstances = await WaitForChangeAsync(cancellationToken).ConfigureAwait(false);
            var request = manifestRequest;
            if (newInstances.Count > 0)
            {
                request = new GetTransferManifestRequest { TransferId = _transferId };
                request.Instances.AddRange(newInstances);
            }
            manifest = await _retry.RunAsync(token => _connection.Downloads.GetTransferManifestAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the manifest is worth fetching again and says how much of it: the instances named by
    /// instance-available events the tracker does not know yet (a cut-through receive learns of a study's
    /// instances this way, a batch at a time, and asking for the whole manifest each time would cost the server
    /// and this side a study's worth of work per batch), or everything (an empty list) for any other change: a new
    /// study, the transfer becoming available, every known instance done, or the poll interval passing. An
    /// instance-available event for a known instance is acted on at once, without a manifest round trip.
    /// </summary>
    private async Task<List<InstanceRef>> WaitForChangeAsync(CancellationToken cancellationToken)
    {
        var newInstances = new List<InstanceRef>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PollInterval);
        try
        {
            while (await _signals.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                while (_signals.Reader.TryRead(out var signal))
                {
                    if (signal is null)
                        return []; // every known instance is on disk: is the transfer finished?
                    if (signal.Type == TransferEventType.InstanceAvailable)
                    {
                        if (_tracker.Find(signal.StudyInstanceUid, signal.SopInstanceUid) is not { } target)
                        {
                            newInstances.Add(new InstanceRef { StudyInstanceUid = signal.StudyInstanceUid, SopInstanceUid = signal.SopInstanceUid });
                            if (newInstances.Count == MaxInstancesPerManifestRequest)
                                return newInstances;
                            continue;
                        }
                        target.Available = true;
                        if (!target.IsComplete && target.TryMarkQueued())
                            Enqueue(target);
                    }
                    else if (signal.Type is not (TransferEventType.Created or TransferEventType.Downloaded or TransferEventType.Acknowledged or TransferEventType.AcknowledgementMismatch
                        or TransferEventType.DeliveryWaiting))
                    {
                        return [];
                    }
                }
                // Everything that had arrived is read: ask for the new instances it named, in one request.
                if (newInstances.Count > 0)
                    return newInstances;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed quietly: look at the whole manifest anyway.
        }
        return [];
    }

    private static bool AllStudiesComplete(TransferManifest manifest)
    {
        foreach (var study in manifest.Studies)
        {
            if (!study.Complete)
                return false;
        }
        return true;
    }

    private void Enqueue(ReceiveTarget target)
    {
        foreach (var job in ChunkDownloader.JobsFor(target))
            _jobs.Writer.TryWrite(job);
    }

    private List<ReceiptEntry> Receipt()
    {
        var receipt = new List<ReceiptEntry>(_tracker.Targets.Count);
        foreach (var target in _tracker.Targets)
            receipt.Add(new ReceiptEntry(target.StudyInstanceUid, target.SopInstanceUid, target.Assembly.Expected.ContentHash));
        return receipt;
    }

    private ReceiveResult Summarize(TransferManifest manifest, TransferState state, bool acknowledged)
    {
        long bytes = 0;
        var present = 0;
        foreach (var target in _tracker.Targets)
        {
            bytes += target.Assembly.Expected.Length;
            if (target.Assembly.WasAlreadyPresent)
                present++;
        }
        return new ReceiveResult(_transferId, state, manifest.Studies.Count, _tracker.Targets.Count, bytes, present, _counters.BytesMoved, acknowledged, _counters.Elapsed)
        {
            Receipt = Receipt(),
        };
    }
}
