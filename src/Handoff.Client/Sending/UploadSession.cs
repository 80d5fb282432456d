using System.Threading.Channels;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// A send as a pipeline: the source's instances are declared to the server in batches as they come, the transfer is
/// created right after the first declaration (so the destination can start pulling), and the chunks the server lacks
/// flow over parallel streams while the source is still hashing. Each study is then completed; one the server still
/// finds incomplete (chunks lost to a dropped connection) is declared again and only what is missing is sent. Running
/// the same send again does the same, so an interrupted send resumes.
/// </summary>
internal sealed class UploadSession
{
    private const int MaxDeclareBatch = 500;

    private readonly HandoffConnection _connection;
    private readonly IInstanceSource _source;
    private readonly SendOptions _options;
    private readonly TransferCounters _counters;
    private readonly RetryPolicy _retry;
    private readonly StudyGroups _groups = new();
    private StudyDeclarer? _declarer;
    private int _chunkSize;
    private int _skipped;

    public UploadSession(HandoffConnection connection, IInstanceSource source, SendOptions options)
    {
        _connection = connection;
        _retry = RetryPolicy.For(connection);
        _source = source;
        _options = options;
        _counters = new TransferCounters(options.Progress);
    }

    public async Task<SendResult> RunAsync(CancellationToken cancellationToken)
    {
        var creator = new TransferCreator(_connection.Transfers, _retry, _options, _source.Fingerprints);
        var parameters = await _retry.RunAsync(token => _connection.Uploads.GetUploadParametersAsync(new GetUploadParametersRequest(), cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        HandoffConnection.EnsureChunkFits(parameters.ChunkSize);
        _chunkSize = parameters.ChunkSize;
        _declarer = new StudyDeclarer(_connection, _retry, creator, _counters, _chunkSize, _options.Expected);

        await PipelineAsync(cancellationToken).ConfigureAwait(false);
        _counters.TotalKnown = true;
        if (_groups.InstanceCount == 0 || _declarer.Transfer is null)
            throw new NothingToSendException();
        var studies = new List<string>(_groups.StudyUids);
        studies.Sort(StringComparer.Ordinal);
        var allComplete = true;
        foreach (var study in studies)
            allComplete &= (await CompleteStudyAsync(study, cancellationToken).ConfigureAwait(false)).State == StudyState.Complete;

        // Only a send whose studies all completed waits for the transfer to show it; one with refused instances does not.
        var final = await TransferSettleWait.UntilStudiesShownCompleteAsync(_connection.Transfers, _retry, _declarer.Transfer.Id, allComplete, cancellationToken).ConfigureAwait(false);
        long bytes = 0;
        foreach (var study in studies)
        {
            foreach (var instance in _groups.Instances(study))
                bytes += instance.Length;
        }
        return new SendResult(final.Id, final.State, studies.Count, _groups.InstanceCount, bytes, _declarer.AlreadyStored, _counters.ChunksMoved, _counters.BytesMoved, _skipped, _counters.Elapsed);
    }

    private async Task PipelineAsync(CancellationToken cancellationToken)
    {
        var found = Channel.CreateBounded<SourceInstance>(new BoundedChannelOptions(MaxDeclareBatch) { SingleReader = true, SingleWriter = true });
        var queue = Channel.CreateUnbounded<UploadWork>(new UnboundedChannelOptions { SingleWriter = true });
        using var group = new TaskGroup(cancellationToken);
        group.Start(token => ReadSourceAsync(found.Writer, token));
        StartUploaders(group, queue.Reader);
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

    /// <summary>Moves the source's instances into a channel, so declaring can take whatever is ready as one batch.</summary>
    private async Task ReadSourceAsync(ChannelWriter<SourceInstance> found, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var instance in _source.ReadInstancesAsync(_chunkSize, cancellationToken).ConfigureAwait(false))
            {
                if (instance.Hashes.ChunkSize != _chunkSize)
                    throw new ArgumentException($"{instance.Name}: hashed with chunks of {instance.Hashes.ChunkSize} bytes, not the server's {_chunkSize}");
                _counters.AddFound(1, instance.Length);
                await found.WriteAsync(instance, cancellationToken).ConfigureAwait(false);
            }
            found.TryComplete();
        }
        catch (Exception e)
        {
            found.TryComplete(e);
            throw;
        }
    }

    private void StartUploaders(TaskGroup group, ChannelReader<UploadWork> queue)
    {
        for (var i = 0; i < _options.Parallel; i++)
        {
            var uploader = new ChunkUploader(_connection, _source.OpenChunkReader, _chunkSize, _options.Priority, _counters, _retry);
            group.Start(token => uploader.RunAsync(queue, token));
        }
    }

    private async Task DeclareAsTheyComeAsync(ChannelReader<SourceInstance> found, ChannelWriter<UploadWork> queue, CancellationToken cancellationToken)
    {
        var batch = new Dictionary<string, List<SourceInstance>>(StringComparer.Ordinal);
        while (await found.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Whatever is ready goes in one declaration: small batches while hashing leads, large ones when it lags.
            for (var taken = 0; taken < MaxDeclareBatch && found.TryRead(out var instance); taken++)
            {
                if (_groups.Add(instance) is { } skipped)
                {
                    Interlocked.Increment(ref _skipped);
                    _counters.AddDone(1);
                    _options.InstanceSkipped?.Invoke(skipped);
                    continue;
                }
                if (!batch.TryGetValue(instance.StudyInstanceUid, out var list))
                    batch[instance.StudyInstanceUid] = list = [];
                list.Add(instance);
            }
            foreach (var (study, instances) in batch)
            {
                if (instances.Count == 0)
                    continue;
                await _declarer!.DeclareAsync(study, instances, queue, firstTime: true, cancellationToken).ConfigureAwait(false);
                instances.Clear();
            }
        }
    }

    private Task<StudyStatus> CompleteStudyAsync(string study, CancellationToken cancellationToken) =>
        StudyCompletion.CompleteAsync(_connection, _retry, study, async token => (await ResendMissingAsync(study, token).ConfigureAwait(false), false), () => null, cancellationToken);

    /// <summary>Declares a study's instances again and sends what the server still lacks; false when it lacks nothing.</summary>
    private async Task<bool> ResendMissingAsync(string study, CancellationToken cancellationToken)
    {
        _declarer!.ResetPlan(study);
        var queue = Channel.CreateUnbounded<UploadWork>();
        var instances = _groups.Instances(study);
        long bytes = 0;
        for (var start = 0; start < instances.Count; start += MaxDeclareBatch)
        {
            var slice = new List<SourceInstance>(Math.Min(MaxDeclareBatch, instances.Count - start));
            for (var i = start; i < instances.Count && i < start + MaxDeclareBatch; i++)
                slice.Add(instances[i]);
            bytes += await _declarer.DeclareAsync(study, slice, queue.Writer, firstTime: false, cancellationToken).ConfigureAwait(false);
        }
        queue.Writer.Complete();
        if (bytes == 0)
            return false;
        using var group = new TaskGroup(cancellationToken);
        StartUploaders(group, queue.Reader);
        await group.WaitAsync().ConfigureAwait(false);
        return true;
    }
}
