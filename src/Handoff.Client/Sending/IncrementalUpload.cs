using System.Threading.Channels;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// Uploads studies whose instances become available over time: a federation relay forwarding what its own cluster
/// is still receiving, a gateway storing instances as a modality sends them. The caller declares instances as it
/// learns of them, sends each one once its bytes can be read, and completes each study at the end; the protocol
/// underneath (declaration request ids, the chunks the server lacks, each distinct chunk once per study, parallel
/// streams with a window, resending what a broken stream did not confirm, completion) is the one
/// <see cref="HandoffClient.SendAsync"/> uses. Every step is idempotent on the server, so an interrupted upload
/// resumes by starting again. Not thread-safe: one caller drives it.
/// </summary>
public sealed class IncrementalUpload
{
    /// <summary>Instances per DeclareStudy request: well under the server's per-request limit, and a bounded message.</summary>
    private const int MaxDeclareBatch = 500;

    private readonly HandoffConnection _connection;
    private readonly Func<IChunkReader> _openReader;
    private readonly int _parallel;
    private readonly RetryPolicy _retry;
    private readonly TransferCounters _counters = new();
    /// <summary>The most urgent priority of the transfers created for this upload: what its streams ask the server for.</summary>
    private Priority _priority = Priority.Routine;
    private readonly ChunkPlan _plan = new();
    private readonly Dictionary<(string Study, string Sop), UploadWork> _pending = [];
    private readonly Dictionary<string, int> _pendingPerStudy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _withdrawn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, SourceInstance>> _declared = new(StringComparer.Ordinal);

    internal IncrementalUpload(HandoffConnection connection, Func<IChunkReader> openReader, int chunkSize, int parallel)
    {
        _connection = connection;
        _openReader = openReader;
        ChunkSize = chunkSize;
        _parallel = parallel;
        _retry = RetryPolicy.For(connection);
    }

    /// <summary>The server's chunk size: the size every <see cref="InstanceHashes"/> declared here must be cut with.</summary>
    public int ChunkSize { get; }

    /// <summary>Bytes of the chunks the server said it lacked, over every declaration so far: what this upload has to send.</summary>
    public long BytesToSend => _counters.BytesToMove;

    /// <summary>Bytes of chunks sent and acknowledged by the server so far.</summary>
    public long BytesSent => _counters.BytesMoved;

    /// <summary>
    /// Declares (more) instances of a study and plans the chunks the server lacks. Instances this upload declared
    /// before are skipped (their plan is kept); the rest go in requests of at most 500 instances.
    /// </summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="instances">Its instances, hashed with <see cref="ChunkSize"/>.</param>
    /// <param name="cancellationToken">Cancels the declaration.</param>
    /// <returns>How many chunks of these instances the server still needs from this upload.</returns>
    /// <exception cref="StudyRejectedException">The server refused the study.</exception>
    public Task<int> DeclareAsync(string studyInstanceUid, IReadOnlyList<SourceInstance> instances, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentNullException.ThrowIfNull(instances);
        return HandoffErrors.GuardAsync(async () => (await DeclareCoreAsync(studyInstanceUid, instances, cancellationToken).ConfigureAwait(false)).Planned, _connection.Options, cancellationToken);
    }

    /// <summary>
    /// Creates the transfer of this upload to a destination, or finds the one an earlier run created: the request id
    /// is derived from <paramref name="workKey"/>, which names the work (say, the id of the transfer being relayed),
    /// so a rerun after a crash resumes the same transfer. Studies missing from a transfer found again are added to it.
    /// </summary>
    /// <param name="workKey">What this upload is, stable across reruns.</param>
    /// <param name="studyInstanceUids">The studies the transfer carries; each must be declared first (one instance is enough, the rest may follow).</param>
    /// <param name="options">Destination, priority, reason and expected arrival.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transfer, carrying every study.</returns>
    public Task<Transfer> CreateTransferAsync(string workKey, IReadOnlyList<string> studyInstanceUids, SendOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workKey);
        ArgumentNullException.ThrowIfNull(studyInstanceUids);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Priority > _priority)
            _priority = options.Priority;
        return HandoffErrors.GuardAsync(async () =>
        {
            var requestId = RequestIds.ForWork(options.DestinationFacilityId, workKey);
            var transfer = await TransferCreator.CreateOnceAsync(_connection.Transfers, _retry, requestId, options, studyInstanceUids, cancellationToken).ConfigureAwait(false);
            var carried = new HashSet<string>(StringComparer.Ordinal);
            foreach (var study in transfer.Studies)
                carried.Add(study.StudyInstanceUid);
            foreach (var study in studyInstanceUids)
            {
                if (!carried.Contains(study))
                    transfer = await TransferCreator.AddStudyAsync(_connection.Transfers, _retry, requestId, transfer.Id, study, cancellationToken).ConfigureAwait(false);
            }
            return transfer;
        }, _connection.Options, cancellationToken);
    }

    /// <summary>True when <paramref name="sopInstanceUid"/> of the study still has chunks to send.</summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="sopInstanceUid">The instance.</param>
    /// <returns>Whether <see cref="SendAsync"/> has work for it.</returns>
    public bool IsPending(string studyInstanceUid, string sopInstanceUid) => _pending.ContainsKey((studyInstanceUid, sopInstanceUid));

    /// <summary>True when any instance of the study still has chunks to send.</summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <returns>Whether the study has pending work.</returns>
    public bool HasPending(string studyInstanceUid) => _pendingPerStudy.GetValueOrDefault(studyInstanceUid) > 0;

    /// <summary>True when this upload declared the instance (whether or not it still has chunks to send).</summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="sopInstanceUid">The instance.</param>
    /// <returns>Whether it was declared here.</returns>
    public bool IsDeclared(string studyInstanceUid, string sopInstanceUid) =>
        _declared.TryGetValue(studyInstanceUid, out var known) && known.ContainsKey(sopInstanceUid);

    /// <summary>
    /// Forgets declared instances the source no longer offers (refused there after they were declared): nothing more
    /// is sent for them. The server keeps their declaration, so completing the study reports them as missing.
    /// </summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="stillOffered">Whether the source still offers an instance, by SOP Instance UID.</param>
    /// <returns>The SOP Instance UIDs forgotten.</returns>
    public IReadOnlyList<string> ForgetWithdrawn(string studyInstanceUid, Func<string, bool> stillOffered)
    {
        ArgumentNullException.ThrowIfNull(stillOffered);
        if (!_declared.TryGetValue(studyInstanceUid, out var known))
            return [];
        var withdrawn = new List<string>();
        foreach (var sop in known.Keys)
        {
            if (!stillOffered(sop))
                withdrawn.Add(sop);
        }
        foreach (var sop in withdrawn)
        {
            known.Remove(sop);
            TakePending(studyInstanceUid, sop, out _);
        }
        if (withdrawn.Count > 0)
        {
            if (!_withdrawn.TryGetValue(studyInstanceUid, out var list))
                _withdrawn[studyInstanceUid] = list = [];
            list.AddRange(withdrawn);
        }
        return withdrawn;
    }

    /// <summary>
    /// Sends the planned chunks of these declared instances (whose bytes must now be readable) over parallel streams,
    /// and returns once the server acknowledged them.
    /// </summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="sopInstanceUids">Instances that became readable; ones with nothing to send are skipped.</param>
    /// <param name="cancellationToken">Stops the upload; what was acknowledged stays on the server.</param>
    /// <returns>How many instances had chunks sent.</returns>
    public Task<int> SendAsync(string studyInstanceUid, IEnumerable<string> sopInstanceUids, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentNullException.ThrowIfNull(sopInstanceUids);
        var work = new List<UploadWork>();
        foreach (var sop in sopInstanceUids)
        {
            if (TakePending(studyInstanceUid, sop, out var item))
                work.Add(item);
        }
        return HandoffErrors.GuardAsync(async () => { await UploadAsync(work, cancellationToken).ConfigureAwait(false); return work.Count; }, _connection.Options, cancellationToken);
    }

    /// <summary>
    /// Completes a study every instance of which was sent. While the server still verifies the last instances it waits;
    /// when the server lacks chunks (lost with a broken stream) it declares the study again and sends only those.
    /// </summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="cancellationToken">Cancels the completion.</param>
    /// <returns>The study's final status.</returns>
    /// <exception cref="StudyRejectedException">The server refused the study.</exception>
    public Task<StudyStatus> CompleteAsync(string studyInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        return HandoffErrors.GuardAsync(() => CompleteCoreAsync(studyInstanceUid, cancellationToken), _connection.Options, cancellationToken);
    }

    /// <summary>Declares the instances not declared yet; returns the chunks planned and whether the server lacks any chunk at all.</summary>
    private async Task<(int Planned, bool ServerLacksAny)> DeclareCoreAsync(string study, IReadOnlyList<SourceInstance> instances, CancellationToken cancellationToken,
        bool includeDeclared = false)
    {
        if (!_declared.TryGetValue(study, out var known))
            _declared[study] = known = new Dictionary<string, SourceInstance>(StringComparer.Ordinal);
        var fresh = new List<SourceInstance>();
        foreach (var instance in instances)
        {
            if (includeDeclared || !known.ContainsKey(instance.SopInstanceUid))
                fresh.Add(instance);
        }
        var chunks = 0;
        var lacksAny = false;
        for (var start = 0; start < fresh.Count; start += MaxDeclareBatch)
        {
            var batch = fresh.GetRange(start, Math.Min(MaxDeclareBatch, fresh.Count - start));
            var request = DeclarationBuilder.Build(study, ChunkSize, batch);
            var response = await _retry.RunAsync(token => _connection.Uploads.DeclareStudyAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
            if (response.Status?.State == StudyState.Rejected)
                throw new StudyRejectedException(study, response.Status);
            lacksAny |= response.MissingChunkHashes.Count > 0;
            foreach (var instance in batch)
                known[instance.SopInstanceUid] = instance;
            foreach (var item in _plan.Plan(study, batch, response.MissingChunkHashes, out _))
            {
                if (_pending.TryAdd((study, item.Instance.SopInstanceUid), item))
                {
                    _pendingPerStudy[study] = _pendingPerStudy.GetValueOrDefault(study) + 1;
                    _counters.AddToMove(item.Bytes);
                }
                chunks += item.ChunkIndices.Length;
            }
        }
        return (chunks, lacksAny);
    }

    private bool TakePending(string study, string sop, out UploadWork work)
    {
        if (!_pending.Remove((study, sop), out work!))
            return false;
        _pendingPerStudy[study]--;
        return true;
    }

    private async Task UploadAsync(List<UploadWork> work, CancellationToken cancellationToken)
    {
        if (work.Count == 0)
            return;
        var queue = Channel.CreateUnbounded<UploadWork>();
        foreach (var item in work)
            queue.Writer.TryWrite(item);
        queue.Writer.Complete();
        using var group = new TaskGroup(cancellationToken);
        for (var i = 0; i < Math.Min(_parallel, work.Count); i++)
        {
            var uploader = new ChunkUploader(_connection, _openReader, ChunkSize, _priority, _counters, _retry);
            group.Start(token => uploader.RunAsync(queue.Reader, token));
        }
        await group.WaitAsync().ConfigureAwait(false);
    }

    private Task<StudyStatus> CompleteCoreAsync(string study, CancellationToken cancellationToken) =>
        StudyCompletion.CompleteAsync(_connection, _retry, study, token => ResendLackingAsync(study, token), () => WhyItCannotComplete(study), cancellationToken);

    private string? WhyItCannotComplete(string study) =>
        _withdrawn.TryGetValue(study, out var withdrawn)
            ? $"the server still expects {withdrawn.Count} instance(s) withdrawn from this upload ({string.Join(", ", withdrawn.Take(3))}{(withdrawn.Count > 3 ? ", ..." : "")})"
            : null;

    /// <summary>Declares every instance again and sends the chunks the server still lacks; says whether any were sent.</summary>
    private async Task<(bool Resent, bool ServerLacksAny)> ResendLackingAsync(string study, CancellationToken cancellationToken)
    {
        if (!_declared.TryGetValue(study, out var known) || known.Count == 0)
            return (false, false);
        var instances = new List<SourceInstance>(known.Values);
        _plan.Reset(study);
        // Declared again without being forgotten first, so a declaration that fails halfway loses none of them.
        var (planned, lacksAny) = await DeclareCoreAsync(study, instances, cancellationToken, includeDeclared: true).ConfigureAwait(false);
        var work = new List<UploadWork>();
        foreach (var sop in known.Keys)
        {
            if (TakePending(study, sop, out var item))
                work.Add(item);
        }
        await UploadAsync(work, cancellationToken).ConfigureAwait(false);
        return (planned > 0, lacksAny);
    }
}
