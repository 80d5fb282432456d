using System.Threading.Channels;
using Grpc.Core;
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
    private const int CompletionRounds = 3;

    private readonly HandoffConnection _connection;
    private readonly Func<IChunkReader> _openReader;
    private readonly int _parallel;
    private readonly RetryPolicy _retry;
    private readonly TransferCounters _counters = new();
    private readonly ChunkPlan _plan = new();
    private readonly Dictionary<(string Study, string Sop), UploadWork> _pending = [];
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

    /// <summary>
    /// Declares (more) instances of a study and plans the chunks the server lacks. Instances declared before are
    /// declared again harmlessly; their plan is kept.
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
        return HandoffErrors.GuardAsync(() => DeclareCoreAsync(studyInstanceUid, instances, cancellationToken), _connection.Options, cancellationToken);
    }

    /// <summary>True when <paramref name="sopInstanceUid"/> of the study still has chunks to send.</summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="sopInstanceUid">The instance.</param>
    /// <returns>Whether <see cref="SendAsync"/> has work for it.</returns>
    public bool IsPending(string studyInstanceUid, string sopInstanceUid) => _pending.ContainsKey((studyInstanceUid, sopInstanceUid));

    /// <summary>True when any instance of the study still has chunks to send.</summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <returns>Whether the study has pending work.</returns>
    public bool HasPending(string studyInstanceUid)
    {
        foreach (var key in _pending.Keys)
        {
            if (key.Study == studyInstanceUid)
                return true;
        }
        return false;
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
            if (_pending.Remove((studyInstanceUid, sop), out var item))
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

    internal async Task<int> DeclareCoreAsync(string study, IReadOnlyList<SourceInstance> instances, CancellationToken cancellationToken)
    {
        var request = DeclarationBuilder.Build(study, ChunkSize, instances);
        var response = await _retry.RunAsync(token => _connection.Uploads.DeclareStudyAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        if (response.Status?.State == StudyState.Rejected)
            throw new StudyRejectedException(study, response.Status);
        if (!_declared.TryGetValue(study, out var known))
            _declared[study] = known = new Dictionary<string, SourceInstance>(StringComparer.Ordinal);
        foreach (var instance in instances)
            known[instance.SopInstanceUid] = instance;
        var chunks = 0;
        foreach (var item in _plan.Plan(study, instances, response.MissingChunkHashes, out _))
        {
            _pending.TryAdd((study, item.Instance.SopInstanceUid), item);
            chunks += item.ChunkIndices.Length;
        }
        return chunks;
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
            var uploader = new ChunkUploader(_connection, _openReader, ChunkSize, _counters, _retry);
            group.Start(token => uploader.RunAsync(queue.Reader, token));
        }
        await group.WaitAsync().ConfigureAwait(false);
    }

    private async Task<StudyStatus> CompleteCoreAsync(string study, CancellationToken cancellationToken)
    {
        var request = new CompleteStudyRequest { StudyInstanceUid = study };
        for (var round = 0; ; round++)
        {
            try
            {
                var status = await _retry.RunAsync(token => _connection.Uploads.CompleteStudyAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
                if (status.State == StudyState.Rejected)
                    throw new StudyRejectedException(study, status);
                return status;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && round < CompletionRounds)
            {
                // Not every instance is verified yet: let the server finish, then send whatever it still lacks.
                await StudyCompletionWait.UntilSettledAsync(_connection.Uploads, _retry, study, cancellationToken).ConfigureAwait(false);
                await ResendLackingAsync(study, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ResendLackingAsync(string study, CancellationToken cancellationToken)
    {
        if (!_declared.TryGetValue(study, out var known) || known.Count == 0)
            return;
        _plan.Reset(study);
        await DeclareCoreAsync(study, [.. known.Values], cancellationToken).ConfigureAwait(false);
        var work = new List<UploadWork>();
        foreach (var sop in known.Keys)
        {
            if (_pending.Remove((study, sop), out var item))
                work.Add(item);
        }
        await UploadAsync(work, cancellationToken).ConfigureAwait(false);
    }
}
