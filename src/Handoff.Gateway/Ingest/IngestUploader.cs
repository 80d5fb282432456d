using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Storage;
using Microsoft.Extensions.Logging;

namespace Handoff.Gateway.Ingest;

/// <summary>
/// Sends what the spool receives as soon as it is stored (cut-through: the destination can download while the
/// modality is still sending). Instances of one patient on one route form one transfer until the route has been
/// quiet for <see cref="QuietWindow"/>; then its studies are completed and its spooled files removed. A batch's id
/// is journaled (under a hash of the patient ID, never the ID itself), so after a crash the files left in the spool
/// are sent again into the same transfer: every step is idempotent on the server.
/// A server that cannot be reached is waited for with back-off, the file kept; a file the server refuses for good
/// is moved to SPOOL/&lt;route&gt;/.refused for an operator, with a log line saying why.
/// </summary>
public sealed partial class IngestUploader
{
    /// <summary>Arrivals queued for sending (a path and a few UIDs each); past this the spool is read again instead.</summary>
    private const int MaxWaiting = 10_000;

    /// <summary>Arrivals sent together: one declaration per study, then the upload's parallel streams.</summary>
    private const int MaxBatch = 500;

    private readonly HandoffClient _client;
    private readonly IngestPolicy _policy;
    private readonly string _spool;
    private readonly ILogger _logger;
    private readonly Channel<(string Path, IncomingInstance Instance)> _arrived =
        Channel.CreateBounded<(string, IncomingInstance)>(new BoundedChannelOptions(MaxWaiting) { SingleReader = true });
    private readonly Dictionary<(string Route, string Patient), IngestBatch> _batches = [];
    /// <summary>Files taken in by a batch (or refused) in this run: a file queued twice is sent once.</summary>
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private int _overflowed;

    public IngestUploader(HandoffClient client, IngestPolicy policy, string spool, ILogger logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _spool = spool ?? throw new ArgumentNullException(nameof(spool));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>How long a route must be quiet for a patient before the transfer's studies are completed.</summary>
    public TimeSpan QuietWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait after the server could not be reached; it doubles up to <see cref="LongestRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts to reach the server.</summary>
    public TimeSpan LongestRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The spool's hand-off (<see cref="FolderInstanceStore.Stored"/>). It never makes the C-STORE wait: the file is
    /// on disk already, so when a thousand wait (the server is down) the queue is left and the spool read again later.
    /// </summary>
    public Task StoredAsync(string path, IncomingInstance instance, CancellationToken cancellationToken)
    {
        if (!_arrived.Writer.TryWrite((path, instance)))
            Interlocked.Exchange(ref _overflowed, 1);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends files left by an earlier run, then the arrivals, each time all that wait (up to 500): a modality that
    /// sends faster than one instance's round trip to the server is not held to that round trip.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await SendLeftoversAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                var arrivals = new List<(string Path, IncomingInstance Instance)> { await _arrived.Reader.ReadAsync(tick.Token).ConfigureAwait(false) };
                while (arrivals.Count < MaxBatch && _arrived.Reader.TryRead(out var next))
                    arrivals.Add(next);
                await ProcessAsync(arrivals, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // a second without arrivals: time to look for quiet batches, and for files the queue had no room for
                if (Interlocked.Exchange(ref _overflowed, 0) == 1)
                    await SendLeftoversAsync(cancellationToken).ConfigureAwait(false);
            }
            await CloseQuietBatchesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendLeftoversAsync(CancellationToken cancellationToken)
    {
        foreach (var chunk in IngestSpool.Leftovers(_spool, _policy).Where(l => !_taken.Contains(l.Path)).Chunk(MaxBatch))
            await ProcessAsync(chunk, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads each arrival's header and sends them by route and patient; an unreadable file is set aside.</summary>
    private async Task ProcessAsync(IReadOnlyList<(string Path, IncomingInstance Instance)> arrivals, CancellationToken cancellationToken)
    {
        var ready = new List<Arrival>();
        foreach (var (path, instance) in arrivals.DistinctBy(a => a.Path))
        {
            if (_taken.Contains(path) || _policy.RouteOf(instance.CalledAeTitle) is not { } route)
                continue; // sent already, or a route removed since the file was spooled: left for an operator
            try
            {
                var header = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }).Dataset;
                var study = header.GetString(DicomTag.StudyInstanceUID) ?? "";
                if (study.Length == 0)
                    throw new DicomFormatException("the data set has no Study Instance UID");
                ready.Add(new Arrival(path, instance, route, (header.GetString(DicomTag.PatientID) ?? "").TrimEnd('\0'), study, header.GetString(DicomTag.SeriesInstanceUID) ?? ""));
            }
            catch (Exception e) when (e is DicomFormatException or IOException)
            {
                SetAside(path, instance, e.Message);
            }
        }
        foreach (var group in ready.GroupBy(a => (a.Route.CalledAeTitle, a.Patient)))
            await SendWithRetryAsync([.. group], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one patient's arrivals on one route, waiting out an unreachable server; when the server refuses, each is
    /// tried alone so that only the one it refuses is set aside.
    /// </summary>
    private async Task SendWithRetryAsync(IReadOnlyList<Arrival> arrivals, CancellationToken cancellationToken)
    {
        var wait = FirstRetryDelay;
        var hashed = new Dictionary<string, InstanceHashes>(StringComparer.Ordinal);
        while (true)
        {
            try
            {
                var batch = await BatchForAsync(arrivals[0], cancellationToken).ConfigureAwait(false);
                await HashAsync(arrivals, batch.Upload.ChunkSize, hashed, cancellationToken).ConfigureAwait(false);
                await batch.AddAsync([.. arrivals.Select(a => (FolderInstanceSource.ForFile(new InstanceFile(a.Path, a.Study, a.Series, a.Instance.SopInstanceUid), hashed[a.Path], a.Instance.SopInstanceUid), a.Path))],
                    cancellationToken).ConfigureAwait(false);
                foreach (var arrival in arrivals)
                    _taken.Add(arrival.Path);
                return;
            }
            catch (HandoffUnavailableException e)
            {
                LogServerUnreachable(_logger, arrivals[0].Route.CalledAeTitle, e.Message, (long)wait.TotalSeconds);
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestRetryDelay.Ticks));
            }
            catch (Exception e) when (e is HandoffException or DicomFormatException or IOException)
            {
                if (arrivals.Count == 1)
                {
                    SetAside(arrivals[0].Path, arrivals[0].Instance, e.Message);
                    return;
                }
                foreach (var arrival in arrivals)
                    await SendWithRetryAsync([arrival], cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>The open batch of the arrival's patient on its route, opened (with its journaled id) when there is none.</summary>
    private async Task<IngestBatch> BatchForAsync(Arrival arrival, CancellationToken cancellationToken)
    {
        var key = (arrival.Route.CalledAeTitle, arrival.Patient);
        if (!_batches.TryGetValue(key, out var batch))
        {
            var upload = await _client.OpenIncrementalUploadAsync(FolderInstanceSource.OpenFileReader, parallel: 4, cancellationToken).ConfigureAwait(false);
            var options = new SendOptions
            {
                DestinationFacilityId = arrival.Route.DestinationFacilityId,
                Priority = arrival.Route.Priority,
                Reason = $"received by gateway route {arrival.Route.CalledAeTitle}",
                // The route's journey starts with the transfer: a resumed batch keeps the arrival its transfer was created with.
                ExpectedArrival = arrival.Route.ArrivalDelay is { } delay ? DateTimeOffset.UtcNow + delay : null,
            };
            var workKey = IngestSpool.BatchId(_spool, arrival.Route, PatientKey(arrival.Patient));
            _batches[key] = batch = new IngestBatch(arrival.Route, new TransferBatch(upload, workKey, options));
        }
        return batch;
    }

    /// <summary>Hashes the files not hashed yet, on every core (they were just written: read from the page cache).</summary>
    private static Task HashAsync(IReadOnlyList<Arrival> arrivals, int chunkSize, Dictionary<string, InstanceHashes> hashed, CancellationToken cancellationToken)
    {
        var todo = arrivals.Where(a => !hashed.ContainsKey(a.Path)).Select(a => a.Path).ToList();
        var results = new InstanceHashes[todo.Count];
        return Task.Run(() =>
        {
            Parallel.For(0, todo.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => results[i] = InstanceHasher.HashFile(todo[i], chunkSize));
            for (var i = 0; i < todo.Count; i++)
                hashed[todo[i]] = results[i];
        }, cancellationToken);
    }

    private void SetAside(string path, IncomingInstance instance, string reason)
    {
        LogRefused(_logger, instance.CalledAeTitle, instance.SopInstanceUid, reason);
        IngestSpool.SetAside(path);
        _taken.Add(path);
    }

    private async Task CloseQuietBatchesAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, batch) in _batches.ToList())
        {
            if (DateTimeOffset.UtcNow - batch.LastArrival < QuietWindow)
                continue;
            try
            {
                await batch.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HandoffUnavailableException e)
            {
                LogServerUnreachable(_logger, batch.Route.CalledAeTitle, e.Message, (long)QuietWindow.TotalSeconds);
                batch.Postpone();
                continue;
            }
            catch (HandoffException e)
            {
                // The server refused to complete (an instance it expects never arrived): the files stay spooled and the
                // transfer open, so a PACS re-sending the study finishes it.
                LogNotCompleted(_logger, batch.Route.CalledAeTitle, batch.TransferId, e.Message);
                _batches.Remove(key);
                continue;
            }
            IngestSpool.Close(_spool, batch.Route, PatientKey(key.Patient), batch.Files);
            foreach (var file in batch.Files)
                _taken.Remove(file);
            _batches.Remove(key);
            LogClosed(_logger, batch.Route.CalledAeTitle, batch.TransferId, batch.Files.Count);
        }
    }

    /// <summary>A spooled instance ready to send: its file, its C-STORE, its route, and what groups it.</summary>
    private sealed record Arrival(string Path, IncomingInstance Instance, GatewayRoute Route, string Patient, string Study, string Series);

    /// <summary>A name for a patient's batch that says nothing about the patient.</summary>
    private static string PatientKey(string patientId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(patientId)))[..32];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Route {Route}: the server cannot be reached ({Reason}); the file stays spooled, next attempt in {Seconds} s")]
    private static partial void LogServerUnreachable(ILogger logger, string route, string reason, long seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Route {Route}: instance {SopInstanceUid} was refused and moved to the spool's .refused folder: {Reason}")]
    private static partial void LogRefused(ILogger logger, string route, string sopInstanceUid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Route {Route}: transfer {TransferId} could not be completed ({Reason}); its files stay spooled")]
    private static partial void LogNotCompleted(ILogger logger, string route, string transferId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Route {Route}: transfer {TransferId} complete with {Instances} instances")]
    private static partial void LogClosed(ILogger logger, string route, string transferId, int instances);
}
