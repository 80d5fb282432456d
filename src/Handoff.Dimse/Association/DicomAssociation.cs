using System.Net.Sockets;
using Handoff.Dicom;
using Handoff.Dimse.Messages;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Association;

/// <summary>
/// An established association, either side: DIMSE messages in (a command, then its data set streamed fragment by
/// fragment to the caller) and out, release and abort. Every wait is bounded (<see cref="AssociationTimeouts"/>);
/// a peer that breaks the protocol gets an A-ABORT and the caller an exception that says what it did.
/// Reading and writing may overlap (one reader, one writer at a time); it is not meant for several readers.
/// </summary>
public sealed partial class DicomAssociation : IAsyncDisposable
{
    private readonly PduStream _pdus;
    private readonly AssociationTimeouts _timeouts;
    private readonly Dictionary<byte, (string AbstractSyntax, string TransferSyntax)> _contexts = [];
    private readonly PDataWriter _writer;
    private Pdu? _current;
    private List<PresentationDataValue> _pending = [];
    private int _next;
    private int _messageId;
    private bool _closed;

    private DicomAssociation(PduStream pdus, AssociationParameters request, AssociationParameters accept, uint peerMaxPdu, AssociationTimeouts timeouts, string peer)
    {
        _pdus = pdus;
        _timeouts = timeouts;
        Request = request;
        Accept = accept;
        Peer = peer;
        foreach (var answer in accept.Answers)
        {
            if (!answer.IsAccepted)
                continue;
            var proposal = request.Proposals.FirstOrDefault(p => p.Id == answer.Id);
            if (proposal is not null)
                _contexts[answer.Id] = (proposal.AbstractSyntax, answer.TransferSyntax);
        }
        _writer = new PDataWriter(pdus, peerMaxPdu);
    }

    /// <summary>What the requestor asked for.</summary>
    public AssociationParameters Request { get; }

    /// <summary>What the acceptor answered.</summary>
    public AssociationParameters Accept { get; }

    /// <summary>The peer, for messages: "AE@host:port".</summary>
    public string Peer { get; }

    /// <summary>The accepted context for an abstract syntax (and transfer syntax, when given); null when there is none.</summary>
    public byte? FindContext(string abstractSyntax, string? transferSyntax = null)
    {
        foreach (var (id, context) in _contexts)
        {
            if (context.AbstractSyntax == abstractSyntax && (transferSyntax is null || context.TransferSyntax == transferSyntax))
                return id;
        }
        return null;
    }

    /// <summary>The abstract and transfer syntax of an accepted context.</summary>
    public (string AbstractSyntax, string TransferSyntax) ContextOf(byte contextId) =>
        _contexts.TryGetValue(contextId, out var context) ? context : throw new ArgumentOutOfRangeException(nameof(contextId), contextId, "no such accepted presentation context");

    /// <summary>The next message id for a request sent on this association.</summary>
    public ushort NextMessageId() => (ushort)(Interlocked.Increment(ref _messageId) & 0xFFFF);

    /// <summary>
    /// The next command; null when the peer released the association (its A-RELEASE-RQ is answered here) or
    /// closed the connection between messages.
    /// </summary>
    public async ValueTask<IncomingCommand?> ReadCommandAsync(CancellationToken cancellationToken)
    {
        using var bytes = new MemoryStream();
        byte contextId = 0;
        while (true)
        {
            var next = await NextAsync(betweenMessages: bytes.Length == 0, cancellationToken).ConfigureAwait(false);
            if (next is not { } value)
                return null;
            if (!value.IsCommand)
                throw await AbortAsync(AbortReason.UnexpectedPduParameter, $"a data fragment arrived on context {value.ContextId} where a command was expected").ConfigureAwait(false);
            if (bytes.Length > 0 && value.ContextId != contextId)
                throw await AbortAsync(AbortReason.UnexpectedPduParameter, $"a command began on context {contextId} and went on on {value.ContextId}").ConfigureAwait(false);
            contextId = value.ContextId;
            if (bytes.Length + value.Data.Length > CommandSet.MaxLength)
                throw await AbortAsync(AbortReason.InvalidPduParameterValue, $"a command set longer than {CommandSet.MaxLength} bytes").ConfigureAwait(false);
            bytes.Write(value.Data.Span);
            if (value.IsLast)
                break;
        }
        try
        {
            return new IncomingCommand(contextId, CommandSet.Decode(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)));
        }
        catch (DimseFormatException e)
        {
            throw await AbortAsync(AbortReason.InvalidPduParameterValue, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the data set that follows a command, handing each fragment to <paramref name="fragment"/> as it
    /// arrives (the fragment's memory is valid only during the call). Nothing is buffered here.
    /// </summary>
    public async ValueTask ReadDataAsync(byte contextId, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> fragment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        while (true)
        {
            var value = await NextAsync(betweenMessages: false, cancellationToken).ConfigureAwait(false)
                ?? throw new AssociationAbortedException("the peer closed the association in the middle of a data set");
            if (value.IsCommand || value.ContextId != contextId)
                throw await AbortAsync(AbortReason.UnexpectedPduParameter, $"a {(value.IsCommand ? "command" : "data")} fragment on context {value.ContextId} arrived inside the data set on context {contextId}").ConfigureAwait(false);
            await fragment(value.Data, cancellationToken).ConfigureAwait(false);
            if (value.IsLast)
                return;
        }
    }

    /// <summary>Reads a small data set (a query identifier, an event report) whole; longer than <paramref name="maxLength"/> aborts.</summary>
    public async ValueTask<byte[]> ReadDataAsync(byte contextId, int maxLength, CancellationToken cancellationToken)
    {
        using var bytes = new MemoryStream();
        await ReadDataAsync(contextId, async (fragment, token) =>
        {
            if (bytes.Length + fragment.Length > maxLength)
                throw await AbortAsync(AbortReason.InvalidPduParameterValue, $"a data set longer than {maxLength} bytes where a small one was expected").ConfigureAwait(false);
            bytes.Write(fragment.Span);
        }, cancellationToken).ConfigureAwait(false);
        return bytes.ToArray();
    }

    /// <summary>Sends a command, and its data set when one is given.</summary>
    public async ValueTask SendAsync(byte contextId, CommandSet command, ReadOnlyMemory<byte>? dataSet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.HasDataSet = dataSet is not null;
        await _writer.WriteAsync(contextId, isCommand: true, command.Encode(), cancellationToken).ConfigureAwait(false);
        if (dataSet is { } data)
            await _writer.WriteAsync(contextId, isCommand: false, data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a command and streams its data set of <paramref name="length"/> bytes from <paramref name="dataSet"/>.</summary>
    public async ValueTask SendAsync(byte contextId, CommandSet command, Stream dataSet, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.HasDataSet = true;
        await _writer.WriteAsync(contextId, isCommand: true, command.Encode(), cancellationToken).ConfigureAwait(false);
        await _writer.WriteAsync(contextId, dataSet, length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the association (A-RELEASE-RQ, waiting for the reply within ARTIM) and closes the connection.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
            return;
        await _pdus.WriteAsync(AssociatePduWriter.Release(PduType.ReleaseRequest), cancellationToken).ConfigureAwait(false);
        using var artim = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        artim.CancelAfter(_timeouts.Artim);
        try
        {
            while (true)
            {
                using var pdu = await _pdus.ReadAsync(artim.Token).ConfigureAwait(false);
                if (pdu is null || pdu.Type is PduType.ReleaseResponse or PduType.Abort)
                    break;
                // P-DATA still in flight from the peer (a late response) is dropped: the caller chose to release.
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No reply within ARTIM: the connection is closed anyway (PS3.8 9.2.2, Sta7 timer expiry).
        }
        _closed = true;
        await _pdus.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Aborts (A-ABORT, service user) and closes the connection; never throws.</summary>
    public async Task AbortAsync()
    {
        await SendAbortQuietlyAsync(AbortSource.ServiceUser, AbortReason.NotSpecified).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _current?.Dispose();
        _current = null;
        if (!_closed)
        {
            _closed = true;
            await _pdus.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The next fragment, reading PDUs as needed with the idle timeout; null on release or close between messages.</summary>
    private async ValueTask<PresentationDataValue?> NextAsync(bool betweenMessages, CancellationToken cancellationToken)
    {
        while (_next >= _pending.Count)
        {
            _current?.Dispose();
            _current = null;
            Pdu? pdu;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(_timeouts.Idle);
                try
                {
                    pdu = await _pdus.ReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw await AbortAsync(AbortReason.NotSpecified, $"nothing from {Peer} for {_timeouts.Idle.TotalSeconds:0} s").ConfigureAwait(false);
                }
                catch (PduFormatException e)
                {
                    throw await AbortAsync(e.Reason, e.Message).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    _closed = true;
                    throw new AssociationAbortedException($"the connection to {Peer} broke: {e.Message}", e);
                }
            }
            switch (pdu?.Type)
            {
                case null when betweenMessages:
                    _closed = true;
                    return null;
                case null:
                    _closed = true;
                    throw new AssociationAbortedException($"{Peer} closed the connection in the middle of a message");
                case PduType.Data:
                    _current = pdu;
                    try
                    {
                        _pending = PresentationDataValue.ReadAll(pdu.Body);
                    }
                    catch (PduFormatException e)
                    {
                        throw await AbortAsync(e.Reason, e.Message).ConfigureAwait(false);
                    }
                    _next = 0;
                    foreach (var value in _pending)
                    {
                        if (!_contexts.ContainsKey(value.ContextId))
                            throw await AbortAsync(AbortReason.InvalidPduParameterValue, $"a fragment on presentation context {value.ContextId}, which was not accepted").ConfigureAwait(false);
                    }
                    break;
                case PduType.ReleaseRequest when betweenMessages:
                    pdu.Dispose();
                    await _pdus.WriteAsync(AssociatePduWriter.Release(PduType.ReleaseResponse), cancellationToken).ConfigureAwait(false);
                    _closed = true;
                    await _pdus.DisposeAsync().ConfigureAwait(false);
                    return null;
                case PduType.Abort:
                    var (source, reason) = AssociatePduReader.ReadAbort(pdu.Body.Span);
                    pdu.Dispose();
                    _closed = true;
                    await _pdus.DisposeAsync().ConfigureAwait(false);
                    throw new AssociationAbortedException(source, reason, $"{Peer} aborted the association (source {(int)source}, reason {(int)reason})");
                default:
                    var type = pdu.Type;
                    pdu.Dispose();
                    throw await AbortAsync(AbortReason.UnexpectedPdu, $"an unexpected {type} PDU from {Peer}").ConfigureAwait(false);
            }
        }
        return _pending[_next++];
    }

    /// <summary>Aborts as the service provider for a protocol violation; returns the exception for the caller to throw.</summary>
    private async Task<AssociationAbortedException> AbortAsync(AbortReason reason, string message)
    {
        await SendAbortQuietlyAsync(AbortSource.ServiceProvider, reason).ConfigureAwait(false);
        return new AssociationAbortedException(AbortSource.ServiceProvider, reason, $"aborted the association with {Peer}: {message}");
    }

    private async Task SendAbortQuietlyAsync(AbortSource source, AbortReason reason)
    {
        if (_closed)
            return;
        _closed = true;
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _pdus.WriteAsync(AssociatePduWriter.Abort(source, reason), quick.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is going away either way.
        }
        await _pdus.DisposeAsync().ConfigureAwait(false);
    }

    private static string ImplementationClassUid => HandoffImplementation.ClassUid;

    private static string ImplementationVersionName => HandoffImplementation.VersionName;
}
