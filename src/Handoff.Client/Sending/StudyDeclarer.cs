using System.Threading.Channels;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// The declaring side of a send: declares batches of instances, queues the chunks the server reports missing, and
/// makes sure each declared study belongs to the transfer (creating it after the first declaration, so the
/// destination sees it at once, and adding later studies to it).
/// </summary>
internal sealed class StudyDeclarer
{
    private readonly HandoffConnection _connection;
    private readonly RetryPolicy _retry;
    private readonly TransferCreator _creator;
    private readonly TransferCounters _counters;
    private readonly int _chunkSize;
    private readonly ChunkPlan _plan = new();
    private readonly HashSet<string> _studiesInTransfer = new(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, ExpectedInstances>? _expected;

    public StudyDeclarer(HandoffConnection connection, RetryPolicy retry, TransferCreator creator, TransferCounters counters, int chunkSize,
        IReadOnlyDictionary<string, ExpectedInstances>? expected = null)
    {
        _expected = expected;
        _connection = connection;
        _retry = retry;
        _creator = creator;
        _counters = counters;
        _chunkSize = chunkSize;
    }

    /// <summary>The transfer, once the first study was declared.</summary>
    public Transfer? Transfer { get; private set; }

    /// <summary>Instances the server had whole before this run sent anything.</summary>
    public int AlreadyStored { get; private set; }

    /// <summary>
    /// Declares instances and queues the chunks the server reported missing; returns how many bytes that is.
    /// <paramref name="firstTime"/> is false when declaring again to find chunks lost in flight (after
    /// <see cref="ResetPlan"/>), which must not count instances twice.
    /// </summary>
    public async Task<long> DeclareAsync(string study, IReadOnlyList<SourceInstance> instances, ChannelWriter<UploadWork> queue, bool firstTime, CancellationToken cancellationToken)
    {
        var request = DeclarationBuilder.Build(study, _chunkSize, instances, _expected?.GetValueOrDefault(study));
        var response = await _retry.RunAsync(token => _connection.Uploads.DeclareStudyAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        if (response.Status?.State == StudyState.Rejected)
            throw new StudyRejectedException(study, response.Status);
        var work = _plan.Plan(study, instances, response.MissingChunkHashes, out var stored);
        // The study joins the transfer before any of its chunks is queued: an instance stored before its transfer
        // is attached would never be announced on the transfer's timeline (the destination would learn of it only
        // from the manifest, and a watcher would miss its instance-available event).
        await EnsureInTransferAsync(study, cancellationToken).ConfigureAwait(false);
        if (firstTime)
        {
            AlreadyStored += stored;
            _counters.AddDone(stored);
        }
        long bytes = 0;
        foreach (var item in work)
        {
            bytes += item.Bytes;
            queue.TryWrite(item);
        }
        _counters.AddToMove(bytes);
        return bytes;
    }

    /// <summary>Forgets which chunks were queued for a study, before declaring all of it again.</summary>
    public void ResetPlan(string study) => _plan.Reset(study);

    private async Task EnsureInTransferAsync(string study, CancellationToken cancellationToken)
    {
        if (_studiesInTransfer.Contains(study))
            return;
        if (Transfer is null)
        {
            Transfer = await _creator.CreateAsync([study], cancellationToken).ConfigureAwait(false);
            Remember(Transfer);
        }
        if (!_studiesInTransfer.Contains(study))
        {
            Transfer = await _creator.AddStudyAsync(Transfer.Id, study, cancellationToken).ConfigureAwait(false);
            Remember(Transfer);
            _studiesInTransfer.Add(study);
        }
    }

    private void Remember(Transfer transfer)
    {
        foreach (var study in transfer.Studies)
            _studiesInTransfer.Add(study.StudyInstanceUid);
    }
}
