using System.Threading.Channels;
using Grpc.Core;
using Handoff.Cli.Commands;
using Handoff.Protos.V1;

namespace Handoff.Cli.Transfers;

/// <summary>
/// `handoff send` as a pipeline: inputs are hashed in parallel, declared to the server in batches as they come,
/// the transfer is created right after the first declaration (so the destination can start pulling), and the
/// chunks the server lacks flow over parallel streams while the rest is still hashing. Each study is then
/// completed; one the server still finds incomplete (chunks lost to a dropped connection) is declared again and
/// only what is missing is sent. Running the same send again does the same, so an interrupted send resumes.
/// </summary>
internal sealed class UploadSession
{
    private const int MaxDeclareBatch = 500;
    private const int CompletionRounds = 3;

    private readonly HandoffConnection _connection;
    private readonly SendRequest _request;
    private readonly TransferCounters _counters;
    private readonly Action<string> _note;
    private readonly RetryPolicy _retry;
    private readonly StudyGroups _groups = new();
    private StudyDeclarer? _declarer;
    private int _chunkSize;
    private int _skipped;

    public UploadSession(HandoffConnection connection, SendRequest request, TransferCounters counters, Action<string> note)
    {
        _connection = connection;
        _retry = RetryPolicy.For(connection);
        _request = request;
        _counters = counters;
        _note = note;
    }

    public async Task<SendResult> RunAsync(CancellationToken cancellationToken)
    {
        using var listing = SourceListing.Open(_request.Path);
        _counters.SetInputsTotal(listing.Sources.Count);
        var fingerprints = new List<string>(listing.Sources.Count);
        foreach (var source in listing.Sources)
            fingerprints.Add(source.Fingerprint);
        var creator = new TransferCreator(_connection.Transfers, _retry, _request, fingerprints);
        var parameters = await _retry.RunAsync(token => _connection.Uploads.GetUploadParametersAsync(new GetUploadParametersRequest(), cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        _retry.MarkReached();
        HandoffConnection.EnsureChunkFits(parameters.ChunkSize);
        _chunkSize = parameters.ChunkSize;
        _declarer = new StudyDeclarer(_connection, _retry, creator, _counters, _chunkSize);

        await PipelineAsync(listing, cancellationToken).ConfigureAwait(false);
        _counters.TotalKnown = true;
        if (_groups.InstanceCount == 0 || _declarer.Transfer is null)
            throw new CliFailure($"{_request.Path}: no DICOM instances to send");
        var studies = new List<string>(_groups.StudyUids);
        studies.Sort(StringComparer.Ordinal);
        foreach (var study in studies)
            await CompleteStudyAsync(listing, study, cancellationToken).ConfigureAwait(false);

        var transferId = _declarer.Transfer.Id;
        var final = await _retry.RunAsync(token => _connection.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId }, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        long bytes = 0;
        foreach (var study in studies)
        {
            foreach (var instance in _groups.Instances(study))
                bytes += instance.Length;
        }
        return new SendResult(final.Id, final.State, studies.Count, _groups.InstanceCount, bytes, _declarer.AlreadyStored, _counters.ChunksMoved, _counters.BytesMoved, _skipped, _counters.Elapsed);
    }

    private async Task PipelineAsync(SourceListing listing, CancellationToken cancellationToken)
    {
        var found = Channel.CreateBounded<InspectedInstance>(new BoundedChannelOptions(MaxDeclareBatch) { SingleReader = true });
        var queue = Channel.CreateUnbounded<UploadWork>(new UnboundedChannelOptions { SingleWriter = true });
        using var group = new TaskGroup(cancellationToken);
        group.Start(token => StudyScanner.ScanAsync(listing, _chunkSize, found.Writer, Skip, _counters, token));
        StartUploaders(group, listing, queue.Reader);
        try
        {
            await DeclareAsTheyComeAsync(found.Reader, queue.Writer, group.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            group.Fail(e);
        }
        finally
        {
            queue.Writer.TryComplete();
        }
        await group.WaitAsync().ConfigureAwait(false);
    }

    private void StartUploaders(TaskGroup group, SourceListing listing, ChannelReader<UploadWork> queue)
    {
        for (var i = 0; i < _request.Parallel; i++)
        {
            var uploader = new ChunkUploader(_connection, listing, _chunkSize, _counters, _retry);
            group.Start(token => uploader.RunAsync(queue, token));
        }
    }

    private async Task DeclareAsTheyComeAsync(ChannelReader<InspectedInstance> found, ChannelWriter<UploadWork> queue, CancellationToken cancellationToken)
    {
        var batch = new Dictionary<string, List<InspectedInstance>>(StringComparer.Ordinal);
        while (await found.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Whatever is ready goes in one declaration: small batches while hashing leads, large ones when it lags.
            for (var taken = 0; taken < MaxDeclareBatch && found.TryRead(out var instance); taken++)
            {
                switch (_groups.Add(instance, out var problem))
                {
                    case StudyGroups.Outcome.Added:
                        if (!batch.TryGetValue(instance.StudyInstanceUid, out var list))
                            batch[instance.StudyInstanceUid] = list = [];
                        list.Add(instance);
                        break;
                    case StudyGroups.Outcome.Duplicate:
                        Skip(problem!);
                        break;
                    default:
                        throw new CliFailure(problem!.ToString().Replace(": skipped:", ":", StringComparison.Ordinal));
                }
            }
            foreach (var (study, instances) in batch)
            {
                if (instances.Count == 0)
                    continue;
                await _declarer!.DeclareAsync(study, instances, queue, firstTime: true, cancellationToken).ConfigureAwait(false);
                await _declarer.EnsureInTransferAsync(study, cancellationToken).ConfigureAwait(false);
                instances.Clear();
            }
        }
    }

    private async Task CompleteStudyAsync(SourceListing listing, string study, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            var status = await TryCompleteAsync(study, round < CompletionRounds, cancellationToken).ConfigureAwait(false);
            if (status?.State == StudyState.Complete)
                return;
            if (status?.State == StudyState.Rejected)
                throw StudyDeclarer.Rejected(study, status);
            if (round == CompletionRounds)
                throw new CliFailure($"study {study}: the server still reports it incomplete after {CompletionRounds} attempts to send what it lacks", ExitCodes.ServerRefused);
            var resent = await ResendMissingAsync(listing, study, cancellationToken).ConfigureAwait(false);
            if (!resent)
                await StudyCompletionWait.UntilSettledAsync(_connection.Uploads, _retry, study, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StudyStatus?> TryCompleteAsync(string study, bool tolerateIncomplete, CancellationToken cancellationToken)
    {
        var request = new CompleteStudyRequest { StudyInstanceUid = study };
        try
        {
            return await _retry.RunAsync(token => _connection.Uploads.CompleteStudyAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && tolerateIncomplete)
        {
            return null; // not every instance is complete yet: declare again to find out what is missing
        }
    }

    /// <summary>Declares a study's instances again and sends what the server still lacks; false when it lacks nothing.</summary>
    private async Task<bool> ResendMissingAsync(SourceListing listing, string study, CancellationToken cancellationToken)
    {
        _declarer!.ResetPlan(study);
        var queue = Channel.CreateUnbounded<UploadWork>();
        var instances = _groups.Instances(study);
        long bytes = 0;
        for (var start = 0; start < instances.Count; start += MaxDeclareBatch)
        {
            var slice = new List<InspectedInstance>(instances.Count - start > MaxDeclareBatch ? MaxDeclareBatch : instances.Count - start);
            for (var i = start; i < instances.Count && i < start + MaxDeclareBatch; i++)
                slice.Add(instances[i]);
            bytes += await _declarer.DeclareAsync(study, slice, queue.Writer, firstTime: false, cancellationToken).ConfigureAwait(false);
        }
        queue.Writer.Complete();
        if (bytes == 0)
            return false;
        using var group = new TaskGroup(cancellationToken);
        StartUploaders(group, listing, queue.Reader);
        await group.WaitAsync().ConfigureAwait(false);
        return true;
    }

    private void Skip(SkippedInput skipped)
    {
        Interlocked.Increment(ref _skipped);
        _note(skipped.ToString());
    }
}
