using Handoff.Protos.V1;
using TransfersApi = Handoff.Protos.V1.Transfers;

namespace Handoff.Client;

/// <summary>
/// A connection to a Handoff cluster and the transfer protocol on top of it: send studies from an
/// <see cref="IInstanceSource"/>, receive a transfer into an <see cref="IInstanceSink"/> (cut-through, every chunk
/// verified, acknowledged with content hashes), follow a transfer or the inbox. Every operation retries unreachable
/// servers (failing over across <see cref="HandoffClientOptions.Servers"/>) and pauses when the server asks, within
/// <see cref="HandoffClientOptions.RetryFor"/>; every operation is resumable by running it again. Failures are
/// <see cref="HandoffException"/>s; cancellation is <see cref="OperationCanceledException"/>. Thread-safe: one client
/// can run many operations at once.
/// </summary>
public sealed partial class HandoffClient : IDisposable
{
    private readonly HandoffConnection _connection;

    /// <summary>Opens the channels (no call is made until an operation runs).</summary>
    /// <param name="options">Where to connect and with which credentials.</param>
    public HandoffClient(HandoffClientOptions options)
    {
        _connection = new HandoffConnection(options);
    }

    /// <summary>The options the client was created with.</summary>
    public HandoffClientOptions Options => _connection.Options;

    /// <summary>Facility administration (operator key). Generated client: fails over, but does not retry or translate errors.</summary>
    public Facilities.FacilitiesClient Facilities => _connection.Facilities;

    /// <summary>The upload service. Generated client: fails over, but does not retry or translate errors.</summary>
    public Uploads.UploadsClient Uploads => _connection.Uploads;

    /// <summary>The transfer service. Generated client: fails over, but does not retry or translate errors.</summary>
    public TransfersApi.TransfersClient Transfers => _connection.Transfers;

    /// <summary>The download service. Generated client: fails over, but does not retry or translate errors.</summary>
    public Downloads.DownloadsClient Downloads => _connection.Downloads;

    /// <summary>The audit trail. Generated client: fails over, but does not retry or translate errors.</summary>
    public Audit.AuditClient Audit => _connection.Audit;

    /// <summary>Federation administration (operator key). Generated client: fails over, but does not retry or translate errors.</summary>
    public Peers.PeersClient Peers => _connection.Peers;

    /// <summary>A facility's named users (operator key, the facility's key, or an admin user). Generated client: fails over, but does not retry or translate errors.</summary>
    public Users.UsersClient Users => _connection.Users;

    /// <summary>
    /// Sends every instance of <paramref name="source"/> as one transfer: declares them as they are hashed, creates
    /// the transfer after the first declaration (the destination can start at once), uploads only the chunks the
    /// server lacks over parallel streams, and completes each study. Sending the same source (the same fingerprints)
    /// to the same destination again resumes the transfer an interrupted run created; once that transfer has ended,
    /// it creates a new one.
    /// </summary>
    /// <param name="source">The instances.</param>
    /// <param name="options">Destination, priority, reason, parallelism, progress.</param>
    /// <param name="cancellationToken">Stops the send; running it again resumes.</param>
    /// <returns>The transfer and what moved.</returns>
    public Task<SendResult> SendAsync(IInstanceSource source, SendOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.DestinationFacilityId);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Parallel, 64);
        return HandoffErrors.GuardAsync(async () =>
        {
            using var span = ClientTracing.Start("handoff.send", options.DestinationFacilityId);
            return await new UploadSession(_connection, source, options).RunAsync(cancellationToken).ConfigureAwait(false);
        }, Options, cancellationToken);
    }

    /// <summary>
    /// Receives a transfer into <paramref name="sink"/>: downloads each instance as soon as it is available (while
    /// the sender may still be uploading), verifies every chunk before the sink sees it, reports the transfer
    /// downloaded once whole and, unless <see cref="ReceiveOptions.Acknowledge"/> is false, acknowledges it with every
    /// instance's content hash. Running it again keeps whatever the sink holds that verifies.
    /// </summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="sink">Where the instances go.</param>
    /// <param name="options">Parallelism, acknowledgement, progress; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the receive; running it again resumes.</param>
    /// <returns>What was received and where the transfer ended up.</returns>
    public Task<ReceiveResult> ReceiveAsync(string transferId, IInstanceSink sink, ReceiveOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transferId);
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new ReceiveOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Parallel, 64);
        return HandoffErrors.GuardAsync(async () =>
        {
            using var span = ClientTracing.Start("handoff.receive", transferId);
            return await new DownloadSession(_connection, transferId, sink, options).RunAsync(cancellationToken).ConfigureAwait(false);
        }, Options, cancellationToken);
    }

    /// <summary>
    /// Starts an upload of studies whose instances become available over time (a relay, a gateway): asks the server's
    /// chunk size, then the caller declares, sends and completes studies step by step (see <see cref="IncrementalUpload"/>).
    /// </summary>
    /// <param name="openReader">Opens a reader of chunk bytes for one upload stream (one per stream, disposed after it).</param>
    /// <param name="parallel">Upload streams at once, 1 to 64.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The upload.</returns>
    public Task<IncrementalUpload> OpenIncrementalUploadAsync(Func<IChunkReader> openReader, int parallel = 4, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(openReader);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parallel, 64);
        return HandoffErrors.GuardAsync(async () =>
        {
            var parameters = await RetryPolicy.For(_connection).RunAsync(
                token => _connection.Uploads.GetUploadParametersAsync(new GetUploadParametersRequest(), cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
            HandoffConnection.EnsureChunkFits(parameters.ChunkSize);
            return new IncrementalUpload(_connection, openReader, parameters.ChunkSize, parallel);
        }, Options, cancellationToken);
    }

    /// <summary>
    /// Acknowledges a transfer with a receipt (from a receive, or <see cref="FolderReceipt"/>). The request id is
    /// derived from the receipt, so repeating it is harmless.
    /// </summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="receipt">Every instance and the content hash computed from its received bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server's answer, accepted.</returns>
    /// <exception cref="HandoffVerificationException">The server did not accept the receipt; it names the instances.</exception>
    public Task<AcknowledgeResponse> AcknowledgeAsync(string transferId, IReadOnlyList<ReceiptEntry> receipt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transferId);
        ArgumentNullException.ThrowIfNull(receipt);
        return AcknowledgeAsync(transferId, receipt, delivery: null, cancellationToken);
    }

    /// <summary>
    /// Acknowledges a transfer with a receipt and where it was delivered: the PACS a gateway stored every instance
    /// into, and whether that PACS confirmed storage commitment. The source sees the delivery with the acknowledgement.
    /// The request id is derived from the receipt and the delivery, so repeating it is harmless.
    /// </summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="receipt">Every instance and the content hash computed from its received bytes.</param>
    /// <param name="delivery">
    /// The PACS's AE title, how many instances it accepted (at most the receipt's), and the storage commitment's
    /// Transaction UID when <see cref="PacsDelivery.Committed"/>; null to acknowledge without one.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server's answer, accepted.</returns>
    /// <exception cref="HandoffVerificationException">The server did not accept the receipt; it names the instances.</exception>
    /// <exception cref="HandoffRefusedException">The server refused the delivery (it names the field) or the call.</exception>
    public Task<AcknowledgeResponse> AcknowledgeAsync(string transferId, IReadOnlyList<ReceiptEntry> receipt, PacsDelivery? delivery, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transferId);
        ArgumentNullException.ThrowIfNull(receipt);
        return HandoffErrors.GuardAsync(() => Acknowledger.AcknowledgeAsync(_connection, RetryPolicy.For(_connection), transferId, receipt, delivery, cancellationToken), Options, cancellationToken);
    }

    /// <summary>
    /// Says why the destination cannot deliver into its PACS yet (the PACS is down, refused an instance, did not
    /// confirm storage commitment): both facilities see it on the timeline while the caller keeps trying. The same
    /// reason again is not recorded twice, so calling it on every retry is fine; nothing is recorded once the
    /// transfer is final.
    /// </summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="detail">Why, in at most 500 characters, for both facilities (no patient identifiers).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transfer.</returns>
    public Task<Transfer> ReportDeliveryWaitingAsync(string transferId, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transferId);
        ArgumentException.ThrowIfNullOrWhiteSpace(detail);
        return HandoffErrors.GuardAsync(() => Acknowledger.ReportDeliveryWaitingAsync(_connection.Downloads, RetryPolicy.For(_connection), transferId, detail, cancellationToken), Options, cancellationToken);
    }

    /// <summary>Tells the server the destination has every instance (available to delivered); harmless when it already knows.</summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transfer.</returns>
    public Task<Transfer> ReportDownloadedAsync(string transferId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transferId);
        return HandoffErrors.GuardAsync(() => Acknowledger.ReportDownloadedAsync(_connection.Downloads, RetryPolicy.For(_connection), transferId, cancellationToken), Options, cancellationToken);
    }

    /// <summary>Cancels a transfer (the patient went elsewhere, the wrong study); both facilities see the reason.</summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="reason">Why, for both facilities (no patient identifiers).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transfer, cancelled.</returns>
    public Task<Transfer> CancelTransferAsync(string transferId, string reason = "", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transferId);
        ArgumentNullException.ThrowIfNull(reason);
        var request = new CancelTransferRequest { TransferId = transferId, Reason = reason };
        return CallAsync(token => _connection.Transfers.CancelTransferAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
    }

    /// <summary>
    /// Sets the patient's identity at the receiving hospital (destination only): the destination's gateway writes it
    /// into every instance it delivers, keeping the originals in the instance.
    /// </summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="patientId">The local Patient ID.</param>
    /// <param name="issuer">Who assigned it (Issuer of Patient ID).</param>
    /// <param name="patientName">The local Patient's Name, or null to keep the sender's.</param>
    /// <param name="accessionNumber">The local Accession Number, or null to keep the sender's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transfer, with its reconciliation.</returns>
    public Task<Transfer> ReconcilePatientAsync(string transferId, string patientId, string issuer, string? patientName = null, string? accessionNumber = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transferId);
        var request = new ReconcilePatientRequest
        {
            TransferId = transferId,
            PatientId = patientId ?? "",
            IssuerOfPatientId = issuer ?? "",
            PatientName = patientName ?? "",
            AccessionNumber = accessionNumber ?? "",
        };
        return CallAsync(token => _connection.Transfers.ReconcilePatientAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
    }

    /// <summary>A transfer: state, studies, timeline.</summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transfer.</returns>
    public Task<Transfer> GetTransferAsync(string transferId, CancellationToken cancellationToken = default)
    {
        var request = new GetTransferRequest { TransferId = transferId };
        return CallAsync(token => _connection.Transfers.GetTransferAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
    }

    /// <summary>A transfer's manifest: its studies, series and instances with their chunk hashes.</summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The manifest.</returns>
    public Task<TransferManifest> GetManifestAsync(string transferId, CancellationToken cancellationToken = default)
    {
        var request = new GetTransferManifestRequest { TransferId = transferId };
        return CallAsync(token => _connection.Downloads.GetTransferManifestAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
    }

    /// <summary>The transfers addressed to this facility (inbox) or sent by it (outbox), most urgent first.</summary>
    /// <param name="mailbox">Inbox or outbox.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transfers.</returns>
    public async Task<IReadOnlyList<Transfer>> ListTransfersAsync(Mailbox mailbox = Mailbox.Inbox, CancellationToken cancellationToken = default)
    {
        var request = new ListTransfersRequest { Mailbox = mailbox };
        var response = await CallAsync(token => _connection.Transfers.ListTransfersAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return response.Transfers;
    }

    /// <summary>
    /// One page of a mailbox with filters (states, minimum priority, page size), and the inbox sequence to watch
    /// after so that nothing the listing missed goes unseen.
    /// </summary>
    /// <param name="request">Mailbox, filters, limit and the page token of the previous page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page; its next_page_token is empty on the last one.</returns>
    public Task<ListTransfersResponse> ListTransfersAsync(ListTransfersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync(token => _connection.Transfers.ListTransfersAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
    }

    /// <summary>
    /// Waits until something in this facility's inbox or outbox changes after <paramref name="version"/> (from
    /// <see cref="ListTransfersResponse.MailboxVersion"/>) or <paramref name="timeout"/> passes (at most 20 s), and
    /// returns the current version: a view of the mailbox lists again only when it moved.
    /// </summary>
    /// <param name="version">The version the caller has seen.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The version now; equal to <paramref name="version"/> when nothing changed in time.</returns>
    public async Task<long> WaitForMailboxChangeAsync(long version, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var request = new WaitForMailboxChangeRequest { Version = version, TimeoutMs = (int)Math.Clamp(timeout.TotalMilliseconds, 1, 20_000) };
        var change = await CallAsync(token => _connection.Transfers.WaitForMailboxChangeAsync(request, deadline: DateTime.UtcNow + timeout + TimeSpan.FromSeconds(10), cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return change.Version;
    }

    /// <summary>
    /// Receives every transfer addressed to this facility, now and as they arrive, until cancelled: a standing
    /// receiver (a receiving site's drop folder, a gateway delivering into its PACS). Each transfer goes into the
    /// sink <paramref name="sinkFor"/> gives it, STAT first and never behind routine work, and is acknowledged as
    /// <see cref="HandoffClient.ReceiveAsync"/> would. What a stopped run left half done is resumed by the next.
    /// </summary>
    /// <param name="sinkFor">The sink for one transfer (say, a folder named after it).</param>
    /// <param name="options">Concurrency, retries, how each transfer is received, and where steps are reported.</param>
    /// <param name="cancellationToken">Stops receiving; ends the call with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Only ends with an exception: cancelled, or refused (a wrong or revoked key).</returns>
    public Task ReceiveInboxAsync(Func<Transfer, IInstanceSink> sinkFor, InboxReceiveOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sinkFor);
        options ??= new InboxReceiveOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConcurrentTransfers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ConcurrentTransfers, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Receive.Parallel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Receive.Parallel, 64);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FirstRetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LongestRetryDelay, options.FirstRetryDelay);
        return new InboxReceiver(this, sinkFor, options).RunAsync(cancellationToken);
    }

    /// <summary>
    /// A transfer's events after <paramref name="afterSequence"/>, then live, until one carries a final state
    /// (acknowledged, cancelled, expired, failed) or the server ends the watch. A broken connection is reopened (on
    /// the next server) after the last event seen: nothing is missed, nothing comes twice.
    /// </summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="afterSequence">The last sequence number already seen; 0 for the whole timeline.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The events in sequence order.</returns>
    public IAsyncEnumerable<TransferEvent> FollowTransferAsync(string transferId, long afterSequence = 0, CancellationToken cancellationToken = default) =>
        EventStream.ReadAsync(
            _connection,
            (after, token) => _connection.Transfers.WatchTransfer(new WatchTransferRequest { TransferId = transferId, AfterSequence = after }, cancellationToken: token),
            afterSequence, untilFinal: true, reopen: false, cancellationToken);

    /// <summary>
    /// Events of every transfer addressed to this facility after <paramref name="afterSequence"/> (an inbox sequence
    /// number), then live until cancelled. Reconnects after the last event seen whenever the stream ends or breaks.
    /// </summary>
    /// <param name="afterSequence">The last inbox sequence number already seen; 0 replays the history.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The events in sequence order.</returns>
    public IAsyncEnumerable<TransferEvent> FollowInboxAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        EventStream.ReadAsync(
            _connection,
            (after, token) => _connection.Transfers.WatchInbox(new WatchInboxRequest { AfterSequence = after }, cancellationToken: token),
            afterSequence, untilFinal: false, reopen: true, cancellationToken);

    /// <summary>
    /// Runs any idempotent unary call with the client's retry rule (unreachable servers retried across the list with
    /// back-off, pauses the server asks for honoured) and its exceptions.
    /// </summary>
    /// <typeparam name="T">The response type.</typeparam>
    /// <param name="call">Makes the call with the token it is given, e.g. <c>token => client.Transfers.GetTransferAsync(request, cancellationToken: token).ResponseAsync</c>.</param>
    /// <param name="cancellationToken">Cancels the call and its retries.</param>
    /// <returns>The response.</returns>
    public Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return HandoffErrors.GuardAsync(() => RetryPolicy.For(_connection).RunAsync(call, cancellationToken), Options, cancellationToken);
    }

    /// <summary>Closes the channels.</summary>
    public void Dispose() => _connection.Dispose();
}
