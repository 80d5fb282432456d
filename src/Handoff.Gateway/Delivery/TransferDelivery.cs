using System.Globalization;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dimse.Commitment;
using Handoff.Dimse.Storage;
using Handoff.Gateway.Identity;
using IInstanceWriter = Handoff.Client.IInstanceWriter;
using Handoff.Protos.V1;
using Microsoft.Extensions.Logging;

namespace Handoff.Gateway.Delivery;

/// <summary>
/// Delivers one transfer into the PACS. As the transfer is received (verified, into the gateway's delivery folder),
/// each instance is C-STOREd as soon as it is whole (cut-through: the PACS fills while the transfer still arrives).
/// Once it is all received, <see cref="FinishAsync"/> stores whatever is not yet held, asks for storage commitment
/// when configured, and only then acknowledges, recording the PACS and the commitment in the receipt. Any instance
/// not held puts the reason on the transfer's timeline and fails the attempt, to be tried again.
/// </summary>
internal sealed partial class TransferDelivery : IInstanceSink
{
    private const int MaxQueued = 10_000;

    private readonly Transfer _transfer;
    private readonly string _folder;
    private readonly FolderInstanceSink _sink;
    private readonly PacsDeliveryOptions _options;
    private readonly CommitmentReports _reports;
    private readonly HandoffClient _client;
    private readonly ILogger _logger;
    private readonly CoercedCopies _copies;
    private readonly bool _requireReconciliation;
    /// <summary>The identity this attempt writes into the instances; the journal counts what the PACS holds under it.</summary>
    private PatientIdentity _identity;
    private DeliveryJournal _journal;
    private readonly IInstanceStorer _storer;
    private readonly Channel<string> _whole = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxQueued) { SingleReader = true });
    private readonly List<string> _refused = [];
    /// <summary>Headers read by the cut-through store, so the finish does not parse them again (never at once: the finish awaits it).</summary>
    private readonly Dictionary<string, StorageScu.FileToStore> _inspected = new(StringComparer.Ordinal);
    private readonly Task _cutThrough;
    private PacsUnavailableException? _unavailable;

    public TransferDelivery(Transfer transfer, string folder, PacsDeliveryOptions options, CommitmentReports reports, HandoffClient client, ILogger logger)
    {
        _transfer = transfer;
        _folder = folder;
        _sink = new FolderInstanceSink(folder);
        _options = options;
        _reports = reports;
        _client = client;
        _logger = logger;
        _copies = new CoercedCopies(folder);
        _requireReconciliation = options.RequireReconciliation;
        _identity = CoercedCopies.IdentityOf(transfer);
        _journal = JournalFor(_identity);
        _storer = options.Target.Pacs is { } pacs ? new PacsStorer(options, pacs) : new StowStorer(options.Target);
        _cutThrough = Task.Run(StoreAsTheyArriveAsync);
    }

    /// <summary>Where the transfer is received before the PACS holds it.</summary>
    public string Folder => _folder;

    public IInstanceWriter Open(ReceivedInstance instance) => new Writer(_sink.Open(instance), ReceiveLayout.InstancePath(_sink.Directory, instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid), _whole.Writer);

    /// <summary>Stops the cut-through store (the receive failed); what it stored is journaled for the next attempt.</summary>
    public async Task AbandonAsync()
    {
        _whole.Writer.TryComplete();
        await _cutThrough.ConfigureAwait(false);
        await _storer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Everything is received: make sure the PACS holds (and committed) it all, then acknowledge.</summary>
    public async Task FinishAsync(ReceiveResult result, CancellationToken cancellationToken)
    {
        _whole.Writer.TryComplete();
        await _cutThrough.ConfigureAwait(false);
        _refused.Clear();
        await RefreshIdentityAsync(cancellationToken).ConfigureAwait(false);
        var files = new List<StorageScu.FileToStore>();
        foreach (var path in Directory.EnumerateFiles(_folder, "*" + ReceiveLayout.InstanceExtension, SearchOption.AllDirectories))
        {
            if (CoercedCopies.IsCopy(_folder, path))
                continue; // what was given to the PACS, not what was received
            if (Readable(path) is { } file)
                files.Add(file);
        }
        try
        {
            await StoreRemainingAsync(files, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _storer.DisposeAsync().ConfigureAwait(false);
        }
        var delivery = new PacsDelivery { AeTitle = _options.Target.Pacs?.AeTitle ?? "", StowUrl = _options.Target.PublicUrl ?? "", InstancesStored = files.Count };
        delivery.Delivered.Add(DeliveredHashes(files));
        if (_options.Commit)
        {
            delivery.CommitmentTransactionUid = await CommitAsync(files, cancellationToken).ConfigureAwait(false);
            delivery.Committed = true;
        }
        delivery.At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        await _client.AcknowledgeAsync(_transfer.Id, result.Receipt, delivery, cancellationToken).ConfigureAwait(false);
        LogDelivered(_logger, _transfer.Id, files.Count, _options.Target.Name, _options.Commit);
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Stores each instance as the receive makes it whole; stops trying (until the finish) once the PACS is unreachable.</summary>
    private async Task StoreAsTheyArriveAsync()
    {
        await foreach (var path in _whole.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_unavailable is not null || (_requireReconciliation && !_identity.IsReconciled))
                continue; // drained: the finish tries everything not stored again (with the patient's local identity)
            if (Readable(path) is not { } file || _journal.Contains(file.SopInstanceUid))
                continue;
            try
            {
                await StoreOneAsync(file, CancellationToken.None).ConfigureAwait(false);
            }
            catch (PacsUnavailableException e)
            {
                _unavailable = e;
            }
        }
    }

    /// <summary>What C-STORE needs from a received file; null (and a refusal to report) when its header cannot be read.</summary>
    private StorageScu.FileToStore? Readable(string path)
    {
        if (_inspected.TryGetValue(path, out var known))
            return known;
        try
        {
            return _inspected[path] = StorageScu.Inspect(path);
        }
        catch (DicomFormatException e)
        {
            _refused.Add($"{Path.GetFileNameWithoutExtension(path)} (unreadable here: {e.Message})");
            return null;
        }
    }

    private async Task StoreRemainingAsync(IReadOnlyList<StorageScu.FileToStore> files, CancellationToken cancellationToken)
    {
        _unavailable = null;
        try
        {
            foreach (var file in files)
            {
                if (!_journal.Contains(file.SopInstanceUid))
                    await StoreOneAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PacsUnavailableException e)
        {
            await WaitingAsync(string.Create(CultureInfo.InvariantCulture, $"{e.Message}; {_journal.Count} of {files.Count} instances stored so far"), cancellationToken).ConfigureAwait(false);
        }
        if (_refused.Count > 0)
        {
            var shown = string.Join(", ", _refused.Take(3)) + (_refused.Count > 3 ? $" and {_refused.Count - 3} more" : "");
            await WaitingAsync(string.Create(CultureInfo.InvariantCulture, $"{_options.Target.Name} does not hold {_refused.Count} instance(s) it was sent or offered: {shown}"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StoreOneAsync(StorageScu.FileToStore file, CancellationToken cancellationToken)
    {
        StorageScu.FileToStore toStore;
        try
        {
            toStore = _copies.Prepare(file, _identity, DateTimeOffset.UtcNow);
        }
        catch (Exception e) when (e is FormatException or DicomFormatException or IOException)
        {
            // One instance the identity cannot be written into (its character set, a body this reader cannot parse) is
            // refused alone, on the timeline; the others are delivered.
            _refused.Add($"{file.SopInstanceUid} (the patient's identity cannot be written into it: {e.Message})");
            return;
        }
        var refusal = await _storer.StoreAsync(toStore, cancellationToken).ConfigureAwait(false);
        GatewayMetrics.Delivery(refusal is null);
        if (refusal is not null)
            _refused.Add(refusal);
        else
            _journal.Add(file.SopInstanceUid);
    }

    /// <summary>
    /// Reads the transfer's latest reconciliation: an identity set (or changed) since this attempt began means every
    /// instance is stored again under it (a journal of its own). With <see cref="PacsDeliveryOptions.RequireReconciliation"/>,
    /// a transfer without one waits, the reason on its timeline.
    /// </summary>
    private async Task RefreshIdentityAsync(CancellationToken cancellationToken)
    {
        var latest = CoercedCopies.IdentityOf(await _client.GetTransferAsync(_transfer.Id, cancellationToken).ConfigureAwait(false));
        if (CoercedCopies.KeyOf(latest) != CoercedCopies.KeyOf(_identity))
        {
            _identity = latest;
            _journal = JournalFor(latest);
            _copies.Clear(); // copies under the old identity must not be stored, nor hashed into the receipt
        }
        if (_requireReconciliation && !_identity.IsReconciled)
            await WaitingAsync($"waiting for the patient's identity at this hospital before storing into {_options.Target.Name}: handoff reconcile {_transfer.Id} --patient-id … --issuer …", cancellationToken).ConfigureAwait(false);
    }

    private DeliveryJournal JournalFor(PatientIdentity identity) => new(Path.Combine(_folder, $".stored-in-pacs-{CoercedCopies.KeyOf(identity)}"));

    /// <summary>The SHA-256 of each coerced copy the PACS was given (the journal's identity is the current one, so every copy is current).</summary>
    private IEnumerable<DeliveredInstance> DeliveredHashes(IReadOnlyList<StorageScu.FileToStore> files)
    {
        foreach (var file in files)
        {
            var copy = _copies.PathOf(file.SopInstanceUid);
            if (!File.Exists(copy))
                continue;
            using var stream = File.OpenRead(copy);
            yield return new DeliveredInstance { SopInstanceUid = file.SopInstanceUid, Sha256 = Google.Protobuf.ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData(stream)) };
        }
    }

    /// <summary>Asks the PACS to commit every instance; returns the transaction UID once it confirmed them all.</summary>
    private async Task<string> CommitAsync(IReadOnlyList<StorageScu.FileToStore> files, CancellationToken cancellationToken)
    {
        var pacs = _options.Target.Pacs ?? throw new InvalidOperationException("storage commitment needs a DICOM node");
        var (transaction, report) = _reports.Open(pacs.AeTitle);
        try
        {
            try
            {
                await CommitmentRequest.SendAsync(_options, transaction, files, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await WaitingAsync($"PACS {pacs.AeTitle} did not take the storage commitment request: {e.Message}", cancellationToken).ConfigureAwait(false);
            }
            CommitmentReport answer;
            try
            {
                answer = await report.WaitAsync(_options.CommitmentTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await WaitingAsync($"PACS {pacs.AeTitle} has not confirmed storage commitment within {_options.CommitmentTimeout.TotalSeconds:0} s", cancellationToken).ConfigureAwait(false);
                throw; // not reached: WaitingAsync throws
            }
            var committed = new HashSet<string>(answer.Committed, StringComparer.Ordinal);
            var missing = files.Where(f => !committed.Contains(f.SopInstanceUid)).Select(f => f.SopInstanceUid).ToList();
            if (missing.Count > 0)
            {
                var reasons = answer.Failed.ToDictionary(f => f.SopInstanceUid, f => f.Reason, StringComparer.Ordinal);
                var shown = string.Join(", ", missing.Take(3).Select(uid => reasons.TryGetValue(uid, out var reason)
                    ? string.Create(CultureInfo.InvariantCulture, $"{uid} (reason 0x{reason:X4})") : uid));
                await WaitingAsync(string.Create(CultureInfo.InvariantCulture,
                    $"PACS {pacs.AeTitle} did not commit {missing.Count} of {files.Count} instances: {shown}{(missing.Count > 3 ? " ..." : "")}"), cancellationToken).ConfigureAwait(false);
            }
            return transaction;
        }
        finally
        {
            _reports.Close(transaction);
        }
    }

    /// <summary>Puts the reason on the transfer's timeline (best effort) and fails this attempt.</summary>
    private async Task WaitingAsync(string reason, CancellationToken cancellationToken)
    {
        LogWaiting(_logger, _transfer.Id, reason);
        try
        {
            await _client.ReportDeliveryWaitingAsync(_transfer.Id, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (HandoffException e)
        {
            LogNotReported(_logger, _transfer.Id, e.Message);
        }
        throw new DeliveryIncompleteException(reason);
    }

    /// <summary>Writes into the delivery folder; once the file is whole, queues it for the PACS.</summary>
    private sealed class Writer(IInstanceWriter inner, string path, ChannelWriter<string> whole) : IInstanceWriter
    {
        public HeldChunks FindHeld() => inner.FindHeld();

        public void WriteChunk(int index, long offset, ReadOnlySpan<byte> data) => inner.WriteChunk(index, offset, data);

        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            await inner.CommitAsync(cancellationToken).ConfigureAwait(false);
            whole.TryWrite(path); // when ten thousand wait, the finish stores the rest
        }

        public void Dispose() => inner.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId}: {Instances} instances held by {Pacs} (committed: {Committed}); acknowledged")]
    private static partial void LogDelivered(ILogger logger, string transferId, int instances, string pacs, bool committed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: not delivered yet: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string transferId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: the delivery problem could not be put on the timeline: {Reason}")]
    private static partial void LogNotReported(ILogger logger, string transferId, string reason);
}
