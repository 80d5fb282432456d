using System.Globalization;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Association;
using Handoff.Dimse.Query;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Dimse.UpperLayer;
using Handoff.Gateway.Ingest;
using Handoff.Protos.V1;
using Microsoft.Extensions.Logging;

namespace Handoff.Gateway.Pull;

/// <summary>
/// "Send the priors too": finds a patient's studies in a PACS (C-FIND, Study Root), has the PACS send them to this
/// command's own Storage SCP (C-MOVE), checks that every instance the PACS announced arrived, and sends them to the
/// destination, into the patient's transfer already on its way there when there is one.
/// </summary>
public static partial class PriorPull
{
    /// <summary>A bound on what one pull fetches: a patient's history, not a whole archive.</summary>
    public const int MaxStudies = 100;

    private static readonly DicomTag NumberOfStudyRelatedInstances = new(0x0020, 0x1208);

    public static async Task<PullResult> RunAsync(HandoffClient client, PullRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(logger);
        Directory.CreateDirectory(request.Folder);
        // The PACS's association is accepted as if the pull's AE were a route; only the source PACS may call it.
        var policy = new IngestPolicy(request.AeTitle, [new GatewayRoute(request.AeTitle, request.Destination, request.Priority)], [request.From.AeTitle]);
        var store = new FolderInstanceStore(_ => request.Folder) { FlushToDisk = false };
        await using var server = new DicomServer(request.Listen, new IngestProvider(policy, store, logger), new DicomServerOptions(), logger);
        server.Start();

        Dictionary<string, ExpectedInstances> expected;
        try
        {
            expected = await RetrieveAsync(request, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or AssociationRejectedException
            or AssociationAbortedException or DimseStatusException or Dimse.Messages.DimseFormatException or PduFormatException)
        {
            throw new PullFailedException($"cannot retrieve from {request.From}: {e.Message}", e);
        }
        var files = Directory.GetFiles(request.Folder, "*.dcm").Select(Describe).ToList();
        if (files.Count == 0)
            throw new PullFailedException($"{request.From.AeTitle} sent none of the {expected.Count} studies it found");

        // Fewer than the PACS announced is sent all the same, with the PACS's counts: the destination sees the study
        // incomplete (and which series lack what) rather than nothing at all while the patient is on the way.
        var announced = expected.Values.Sum(e => e.Study ?? 0);
        var missing = Math.Max(0, announced - files.Count);
        if (missing > 0)
            LogFewerThanAnnounced(logger, files.Count, announced, request.From.AeTitle);
        var open = await FindOpenTransferAsync(client, request.Destination, request.PatientId, cancellationToken).ConfigureAwait(false);
        var options = new SendOptions
        {
            DestinationFacilityId = request.Destination,
            Priority = request.Priority,
            Reason = $"prior studies pulled from {request.From.AeTitle}",
            AddToTransferId = open,
            Expected = expected,
            ExpectedArrival = request.ExpectedArrival,
        };
        var sent = await client.SendAsync(new FolderInstanceSource(files), options, cancellationToken).ConfigureAwait(false);
        LogSent(logger, sent.Instances, sent.Studies, request.From.AeTitle, sent.TransferId, open is not null);
        return new PullResult(sent.TransferId, open is not null, sent.Studies, sent.Instances) { InstancesMissing = missing };
    }

    /// <summary>Queries the studies and moves each one here; returns them with the instance counts the PACS gave.</summary>
    private static async Task<Dictionary<string, ExpectedInstances>> RetrieveAsync(PullRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        var parameters = new AssociationParameters
        {
            CalledAeTitle = request.From.AeTitle,
            CallingAeTitle = request.AeTitle,
            Proposals =
            [
                new PresentationContextProposal(1, QueryRetrieveSopClasses.StudyRootFind, Verification.BasicTransferSyntaxes),
                new PresentationContextProposal(3, QueryRetrieveSopClasses.StudyRootMove, Verification.BasicTransferSyntaxes),
            ],
        };
        await using var association = await DicomAssociation.RequestAsync(request.From.Host, request.From.Port, parameters, new PduLimits(), new AssociationTimeouts(), cancellationToken).ConfigureAwait(false);
        var query = new DicomDataset()
            .Set(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY")
            .Set(DicomTag.PatientID, DicomVR.LO, request.PatientId)
            .Set(DicomTag.StudyInstanceUID, DicomVR.UI, string.Join('\\', request.Studies))
            .Set(NumberOfStudyRelatedInstances, DicomVR.IS, "");
        var found = await FindScu.FindAsync(association, QueryRetrieveSopClasses.StudyRootFind, query, MaxStudies, cancellationToken).ConfigureAwait(false);
        if (found.Truncated)
            throw new PullFailedException($"{request.From.AeTitle} has more than {MaxStudies} studies for this patient; name the ones to send with --study");
        var studies = found.Matches
            .Where(m => m.GetString(DicomTag.PatientID) == request.PatientId) // a PACS that matches loosely must not hand over another patient
            .Select(m => (Study: m.GetString(DicomTag.StudyInstanceUID) ?? "", Instances: Count(m, logger)))
            .Where(s => s.Study.Length > 0)
            .DistinctBy(s => s.Study)
            .ToList();
        if (studies.Count == 0)
            throw new PullFailedException($"{request.From.AeTitle} has no study of this patient{(request.Studies.Count > 0 ? " with the UIDs given" : "")}");
        var missing = request.Studies.Except(studies.Select(s => s.Study)).ToList();
        if (missing.Count > 0)
            throw new PullFailedException($"{request.From.AeTitle} has no study {string.Join(", ", missing)} for this patient");
        var expected = new Dictionary<string, ExpectedInstances>(StringComparer.Ordinal);
        foreach (var (study, instances) in studies)
        {
            var series = await PacsCounts.SeriesAsync(association, study, logger, cancellationToken).ConfigureAwait(false);
            expected[study] = new ExpectedInstances { Study = instances is > 0 ? instances : null, Series = series };
            var identifier = new DicomDataset().Set(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY").Set(DicomTag.StudyInstanceUID, DicomVR.UI, study);
            var moved = await MoveScu.MoveAsync(association, QueryRetrieveSopClasses.StudyRootMove, identifier, request.AeTitle, null, cancellationToken).ConfigureAwait(false);
            // Some instances the PACS could not send (a file gone from its storage) leave the others worth sending.
            if (!moved.IsSuccess && moved.Completed == 0)
                throw new PullFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"{request.From.AeTitle} could not send study {study} to {request.AeTitle}: {moved.Completed} sent, {moved.Failed} failed (status 0x{moved.Status:X4})"));
            LogMoved(logger, study, moved.Completed, request.From.AeTitle);
            if (moved.Failed > 0)
                LogMoveFailures(logger, study, moved.Failed, request.From.AeTitle);
        }
        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return expected;
    }

    private static int? Count(DicomDataset match, ILogger logger) => PacsCounts.Read(match, NumberOfStudyRelatedInstances, logger);

    private static InstanceFile Describe(string path)
    {
        var header = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }).Dataset;
        return new InstanceFile(path, header.GetString(DicomTag.StudyInstanceUID) ?? "", header.GetString(DicomTag.SeriesInstanceUID) ?? "", header.GetString(DicomTag.SOPInstanceUID) ?? "");
    }

    /// <summary>
    /// The facility's open transfer to the destination that carries a study of this patient (newest first among the
    /// last 50 open ones), or null. Read from the transfers' manifests: the server keeps each study's patient ID.
    /// </summary>
    private static async Task<string?> FindOpenTransferAsync(HandoffClient client, string destination, string patientId, CancellationToken cancellationToken)
    {
        var list = new ListTransfersRequest { Mailbox = Mailbox.Outbox, Limit = 50 };
        list.States.AddRange([TransferState.Created, TransferState.Receiving, TransferState.Available]);
        var page = await client.ListTransfersAsync(list, cancellationToken).ConfigureAwait(false);
        foreach (var transfer in page.Transfers.Where(t => t.DestinationFacilityId == destination).OrderByDescending(t => t.CreatedAt))
        {
            var manifest = await client.GetManifestAsync(transfer.Id, cancellationToken).ConfigureAwait(false);
            if (manifest.Studies.Any(s => s.Metadata?.PatientId == patientId))
                return transfer.Id;
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {Study}: {Instances} instances moved here by {Pacs}")]
    private static partial void LogMoved(ILogger logger, string study, int instances, string pacs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study {Study}: {Pacs} could not send {Failed} instances")]
    private static partial void LogMoveFailures(ILogger logger, string study, int failed, string pacs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Arrived} of the {Announced} instances {Pacs} announced arrived; sending them, the destination sees what is missing")]
    private static partial void LogFewerThanAnnounced(ILogger logger, int arrived, int announced, string pacs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Instances} instances of {Studies} studies from {Pacs} sent in transfer {TransferId} (added to an open transfer: {Added})")]
    private static partial void LogSent(ILogger logger, int instances, int studies, string pacs, string transferId, bool added);
}
