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
    private const int MaxWaiting = 1000;

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

    /// <summary>Sends files left by an earlier run, then each arrival, closing quiet batches, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await SendLeftoversAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                var (path, instance) = await _arrived.Reader.ReadAsync(tick.Token).ConfigureAwait(false);
                await ProcessWithRetryAsync(path, instance, cancellationToken).ConfigureAwait(false);
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
        foreach (var leftover in IngestSpool.Leftovers(_spool, _policy))
        {
            if (!_taken.Contains(leftover.Path))
                await ProcessWithRetryAsync(leftover.Path, leftover.Instance, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one file, waiting out an unreachable server; a refusal moves the file aside.</summary>
    private async Task ProcessWithRetryAsync(string path, IncomingInstance instance, CancellationToken cancellationToken)
    {
        if (_taken.Contains(path))
            return;
        var wait = FirstRetryDelay;
        while (true)
        {
            try
            {
                await ProcessAsync(path, instance, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (HandoffUnavailableException e)
            {
                LogServerUnreachable(_logger, instance.CalledAeTitle, e.Message, (long)wait.TotalSeconds);
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestRetryDelay.Ticks));
            }
            catch (Exception e) when (e is HandoffException or DicomFormatException or IOException)
            {
                LogRefused(_logger, instance.CalledAeTitle, instance.SopInstanceUid, e.Message);
                IngestSpool.SetAside(path);
                _taken.Add(path);
                return;
            }
        }
    }

    private async Task ProcessAsync(string path, IncomingInstance instance, CancellationToken cancellationToken)
    {
        if (_policy.RouteOf(instance.CalledAeTitle) is not { } route)
            return; // a route removed since the file was spooled: left for an operator
        var header = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }).Dataset;
        var study = header.GetString(DicomTag.StudyInstanceUID) ?? "";
        var series = header.GetString(DicomTag.SeriesInstanceUID) ?? "";
        var patient = header.GetString(DicomTag.PatientID) ?? "";
        if (study.Length == 0)
            throw new DicomFormatException("the data set has no Study Instance UID");
        var key = (route.CalledAeTitle, patient);
        if (!_batches.TryGetValue(key, out var batch))
        {
            var upload = await _client.OpenIncrementalUploadAsync(FolderInstanceSource.OpenFileReader, parallel: 4, cancellationToken).ConfigureAwait(false);
            _batches[key] = batch = new IngestBatch(route, IngestSpool.BatchId(_spool, route, PatientKey(patient)), upload);
        }
        var hashes = await Task.Run(() => InstanceHasher.HashFile(path, batch.Upload.ChunkSize), cancellationToken).ConfigureAwait(false);
        var source = FolderInstanceSource.ForFile(new InstanceFile(path, study, series, instance.SopInstanceUid), hashes, instance.SopInstanceUid);
        await batch.AddAsync(source, path, cancellationToken).ConfigureAwait(false);
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
