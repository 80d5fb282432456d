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

    public IngestUploader(HandoffClient client, IngestPolicy policy, string spool, ILogger logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _spool = spool ?? throw new ArgumentNullException(nameof(spool));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>How long a route must be quiet for a patient before the transfer's studies are completed.</summary>
    public TimeSpan QuietWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The spool's hand-off (<see cref="FolderInstanceStore.Stored"/>): waits when a thousand files wait already.</summary>
    public Task StoredAsync(string path, IncomingInstance instance, CancellationToken cancellationToken) =>
        _arrived.Writer.WriteAsync((path, instance), cancellationToken).AsTask();

    /// <summary>Sends files left by an earlier run, then each arrival, closing quiet batches, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var leftover in IngestSpool.Leftovers(_spool, _policy))
            await ProcessAsync(leftover.Path, leftover.Instance, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                var (path, instance) = await _arrived.Reader.ReadAsync(tick.Token).ConfigureAwait(false);
                await ProcessAsync(path, instance, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // a second without arrivals: time to look for quiet batches
            }
            await CloseQuietBatchesAsync(cancellationToken).ConfigureAwait(false);
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
        {
            LogNoStudy(_logger, route.CalledAeTitle);
            return;
        }
        var key = (route.CalledAeTitle, patient);
        if (!_batches.TryGetValue(key, out var batch))
        {
            var upload = await _client.OpenIncrementalUploadAsync(FolderInstanceSource.OpenFileReader, parallel: 4, cancellationToken).ConfigureAwait(false);
            _batches[key] = batch = new IngestBatch(route, IngestSpool.BatchId(_spool, route, PatientKey(patient)), upload);
        }
        var hashes = await Task.Run(() => InstanceHasher.HashFile(path, batch.Upload.ChunkSize), cancellationToken).ConfigureAwait(false);
        var source = FolderInstanceSource.ForFile(new InstanceFile(path, study, series, instance.SopInstanceUid), hashes, instance.SopInstanceUid);
        await batch.AddAsync(source, path, cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseQuietBatchesAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, batch) in _batches.ToList())
        {
            if (DateTimeOffset.UtcNow - batch.LastArrival < QuietWindow)
                continue;
            await batch.CompleteAsync(cancellationToken).ConfigureAwait(false);
            IngestSpool.Close(_spool, batch.Route, PatientKey(key.Patient), batch.Files);
            _batches.Remove(key);
            LogClosed(_logger, batch.Route.CalledAeTitle, batch.TransferId, batch.Files.Count);
        }
    }

    /// <summary>A name for a patient's batch that says nothing about the patient.</summary>
    private static string PatientKey(string patientId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(patientId)))[..32];

    [LoggerMessage(Level = LogLevel.Warning, Message = "An instance sent to {Route} has no Study Instance UID; it stays in the spool")]
    private static partial void LogNoStudy(ILogger logger, string route);

    [LoggerMessage(Level = LogLevel.Information, Message = "Route {Route}: transfer {TransferId} complete with {Instances} instances")]
    private static partial void LogClosed(ILogger logger, string route, string transferId, int instances);
}
