using System.Collections.Concurrent;
using Handoff.Client;
using Handoff.Server.Options;
using Handoff.Server.Web;
using Handoff.Storage.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// STOW-RS (PS3.18 10.5): a facility posts instances for a destination, and they are sent as a transfer. Parts are
/// spooled to the data folder as they arrive and sent in groups while the rest still arrives (the destination can
/// start downloading before the request ends); every study touched is completed before the answer, so an instance
/// answered as stored is in the server, verified. A part that cannot be stored is refused alone, with its reason;
/// nothing else in the request is lost. The spool folder of a request is removed when it ends.
/// </summary>
public sealed partial class StowService
{
    /// <summary>Parts sent together: bounded spool and prompt cut-through, yet few enough round trips.</summary>
    private const int GroupParts = 64;
    private const long GroupBytes = 128L * 1024 * 1024;

    private readonly LoopbackClients _clients;
    private readonly StowBatches _batches;
    private readonly DicomWebOptions _options;
    private readonly UploadOptions _upload;
    private readonly string _spool;
    private readonly SemaphoreSlim _concurrent;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perFacility = new(StringComparer.Ordinal);
    private readonly ILogger<StowService> _logger;

    public StowService(LoopbackClients clients, StowBatches batches, IOptions<DicomWebOptions> options, IOptions<UploadOptions> upload,
        IOptions<HandoffOptions> handoff, ILogger<StowService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(handoff);
        _clients = clients;
        _batches = batches;
        _options = options.Value;
        _upload = upload.Value;
        _spool = Path.Combine(handoff.Value.FullDataPath, "dicomweb", "stow");
        _concurrent = new SemaphoreSlim(_options.ConcurrentStores);
        _logger = logger;
    }

    public async Task StoreAsync(HttpContext http, string facilityId, string apiKey, StowTarget target, string retrieveBase)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(target);
        var cancellationToken = http.RequestAborted;
        var boundary = StowRequestReader.BoundaryOf(http.Request.ContentType);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = _options.MaxRequestBytes;

        // A facility's own requests wait for each other first, so one facility cannot take every slot from the others.
        var facilitySlots = _perFacility.GetOrAdd(facilityId, _ => new SemaphoreSlim(_options.ConcurrentStoresPerFacility));
        await facilitySlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _concurrent.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            facilitySlots.Release();
            throw;
        }
        var folder = Path.Combine(_spool, Guid.NewGuid().ToString("N"));
        try
        {
            OwnerOnly.CreateDirectory(folder);
            await using var upload = new StowUpload(_clients, apiKey, facilityId, target, _batches);
            List<(StowPart Part, StowFailure? Failure)> results;
            try
            {
                results = await ReceiveAsync(http.Request.Body, boundary, folder, target, upload, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Groups sent before the request failed are in the server: their studies are completed all the same, so the
                // transfer does not wait forever for a request that will not finish (sending them again is harmless).
                await CompleteSentAsync(upload, facilityId).ConfigureAwait(false);
                throw;
            }
            if (results.Count == 0)
                throw new StowRequestException(StatusCodes.Status400BadRequest, "the request carries no parts");
            await CompleteAsync(upload, results, facilityId, cancellationToken).ConfigureAwait(false);
            LogStored(_logger, facilityId, target.DestinationFacilityId, results.Count(r => r.Failure is null), results.Count(r => r.Failure is not null), string.Join(",", upload.TransferIds));
            await StowResponse.WriteAsync(http.Response, retrieveBase, results, upload.TransferIds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _concurrent.Release();
            facilitySlots.Release();
            TryDelete(folder);
        }
    }

    private async Task<List<(StowPart Part, StowFailure? Failure)>> ReceiveAsync(Stream body, string boundary, string folder, StowTarget target,
        StowUpload upload, CancellationToken cancellationToken)
    {
        var results = new List<(StowPart Part, StowFailure? Failure)>();
        var group = new List<StowPart>();
        long groupBytes = 0;
        var parts = StowRequestReader.ReadAsync(body, boundary, folder, target.StudyInstanceUid, _options.MaxInstancesPerRequest, _upload.MaxInstanceBytes, cancellationToken);
        await using var reader = parts.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await reader.MoveNextAsync().ConfigureAwait(false))
                    break;
            }
            // A body that ends before its closing boundary is an IOException (unless the client went away: then no one hears).
            catch (Exception e) when (e is InvalidDataException or StowRequestException
                || (e is IOException and not Microsoft.AspNetCore.Http.BadHttpRequestException && !cancellationToken.IsCancellationRequested))
            {
                // Groups already sent stay sent: the server holds them, and sending them again is harmless.
                var stored = results.Count(r => r.Failure is null);
                var status = e is StowRequestException refused ? refused.StatusCode : StatusCodes.Status400BadRequest;
                throw new StowRequestException(status, $"{(e is StowRequestException ? "" : "the multipart body is malformed: ")}{e.Message} (after part {results.Count + group.Count}; {stored} instances before it were stored)");
            }
            var part = reader.Current;
            if (part.Failure is { } failure)
            {
                LogRefused(_logger, part.Index, failure.Reason);
                results.Add((part, failure));
                continue;
            }
            group.Add(part);
            groupBytes += new FileInfo(part.Path!).Length;
            if (group.Count >= GroupParts || groupBytes >= GroupBytes)
            {
                results.AddRange(await SendAsync(upload, group, cancellationToken).ConfigureAwait(false));
                (group, groupBytes) = ([], 0);
            }
        }
        if (group.Count > 0)
            results.AddRange(await SendAsync(upload, group, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private async Task<IReadOnlyList<(StowPart, StowFailure?)>> SendAsync(StowUpload upload, List<StowPart> group, CancellationToken cancellationToken)
    {
        var sent = await upload.SendAsync(group, cancellationToken).ConfigureAwait(false);
        foreach (var (part, failure) in sent)
        {
            if (failure is not null)
                LogRefused(_logger, part.Index, failure.Reason);
            else
                File.Delete(part.Path!); // in the server now: the spool keeps only what is still to send
        }
        return sent;
    }

    /// <summary>
    /// Completes the studies; an instance the server refused while verifying it becomes a failure. A study that cannot
    /// complete yet (another request of the same patient still sends to it) leaves its instances stored: that
    /// request completes it.
    /// </summary>
    private async Task CompleteAsync(StowUpload upload, List<(StowPart Part, StowFailure? Failure)> results, string facilityId, CancellationToken cancellationToken)
    {
        if (results.All(r => r.Failure is not null))
            return;
        try
        {
            var refused = (await upload.CompleteAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.SopInstanceUid, r => r.Reason, StringComparer.Ordinal);
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Failure is null && refused.TryGetValue(results[i].Part.SopInstanceUid, out var reason))
                    results[i] = (results[i].Part, new StowFailure(StowFailure.ProcessingFailure, $"instance {results[i].Part.SopInstanceUid}: {reason}"));
            }
        }
        catch (HandoffException e) when (e is not HandoffUnavailableException)
        {
            LogNotCompleted(_logger, facilityId, e.Message);
        }
    }

    private async Task CompleteSentAsync(StowUpload upload, string facilityId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await upload.CompleteAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HandoffException or OperationCanceledException)
        {
            LogNotCompleted(_logger, facilityId, e.Message);
        }
    }

    private void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            LogSpoolNotRemoved(_logger, folder, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "STOW-RS from {Facility} to {Destination}: {Stored} instances stored, {Failed} refused; transfers {Transfers}")]
    private static partial void LogStored(ILogger logger, string facility, string destination, int stored, int failed, string transfers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "STOW-RS part {Index} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, int index, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "STOW-RS from {Facility}: instances stored, a study not completed yet ({Reason})")]
    private static partial void LogNotCompleted(ILogger logger, string facility, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "STOW-RS spool folder {Folder} could not be removed: {Reason}")]
    private static partial void LogSpoolNotRemoved(ILogger logger, string folder, string reason);
}
