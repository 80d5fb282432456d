using System.Net.Sockets;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Association;

/// <summary>Opening an association: as requestor (SCU, <see cref="RequestAsync"/>) or acceptor (SCP, <see cref="AcceptAsync"/>).</summary>
public sealed partial class DicomAssociation
{
    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> (TCP_NODELAY: each DIMSE message is a few small
    /// PDUs and must not wait for Nagle) and negotiates. <see cref="AssociationRejectedException"/> for an
    /// A-ASSOCIATE-RJ; <see cref="AssociationAbortedException"/> for an abort or a reply that breaks PS3.8.
    /// </summary>
    public static async Task<DicomAssociation> RequestAsync(string host, int port, AssociationParameters request, PduLimits limits, AssociationTimeouts timeouts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(timeouts);
        var peer = $"{request.CalledAeTitle}@{host}:{port}";
        var client = new TcpClient { NoDelay = true };
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(timeouts.Connect);
                try
                {
                    await client.ConnectAsync(host, port, connect.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{peer} did not accept a connection within {timeouts.Connect.TotalSeconds:0} s");
                }
            }
            var pdus = new PduStream(client.GetStream(), limits);
            var sent = request with
            {
                MaxPduLength = limits.MaxDataPduLength,
                ImplementationClassUid = ImplementationClassUid,
                ImplementationVersionName = ImplementationVersionName,
            };
            await pdus.WriteAsync(AssociatePduWriter.Request(sent), cancellationToken).ConfigureAwait(false);
            return await AwaitAnswerAsync(pdus, sent, peer, timeouts, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<DicomAssociation> AwaitAnswerAsync(PduStream pdus, AssociationParameters sent, string peer, AssociationTimeouts timeouts, CancellationToken cancellationToken)
    {
        using var artim = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        artim.CancelAfter(timeouts.Artim);
        try
        {
            using var pdu = await pdus.ReadAsync(artim.Token).ConfigureAwait(false)
                ?? throw new AssociationAbortedException($"{peer} closed the connection instead of answering the association request");
            switch (pdu.Type)
            {
                case PduType.AssociateAccept:
                    var (accept, _) = AssociatePduReader.Read(PduType.AssociateAccept, pdu.Body.Span);
                    return new DicomAssociation(pdus, sent, accept, accept.MaxPduLength, timeouts, peer);
                case PduType.AssociateReject:
                    var rejection = AssociatePduReader.ReadRejection(pdu.Body.Span);
                    await pdus.DisposeAsync().ConfigureAwait(false);
                    throw new AssociationRejectedException(rejection, peer);
                case PduType.Abort:
                    var (source, reason) = AssociatePduReader.ReadAbort(pdu.Body.Span);
                    await pdus.DisposeAsync().ConfigureAwait(false);
                    throw new AssociationAbortedException(source, reason, $"{peer} aborted the association request (source {(int)source}, reason {(int)reason})");
                default:
                    throw new PduFormatException($"{peer} answered the association request with {pdu.Type}", AbortReason.UnexpectedPdu);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await pdus.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"{peer} did not answer the association request within {timeouts.Artim.TotalSeconds:0} s");
        }
        catch (PduFormatException e)
        {
            await AbortAndCloseAsync(pdus, e.Reason).ConfigureAwait(false);
            throw new AssociationAbortedException(AbortSource.ServiceProvider, e.Reason, $"aborted the association with {peer}: {e.Message}");
        }
    }

    /// <summary>
    /// Reads the A-ASSOCIATE-RQ on a connection just accepted (within ARTIM) and answers it with
    /// <paramref name="decide"/>'s decision. Null when the association did not come about (rejected, closed, or a
    /// request that breaks PS3.8, which is aborted); <paramref name="refused"/> hears why, for the log.
    /// </summary>
    public static async Task<DicomAssociation?> AcceptAsync(Stream connection, string remote, Func<AssociationParameters, AssociationDecision> decide,
        PduLimits limits, AssociationTimeouts timeouts, Action<string>? refused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(decide);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(timeouts);
        var pdus = new PduStream(connection, limits);
        AssociationParameters request;
        ushort version;
        using (var artim = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            artim.CancelAfter(timeouts.Artim);
            try
            {
                using var pdu = await pdus.ReadAsync(artim.Token).ConfigureAwait(false);
                if (pdu is null)
                {
                    await pdus.DisposeAsync().ConfigureAwait(false);
                    return null;
                }
                if (pdu.Type != PduType.AssociateRequest)
                    throw new PduFormatException($"the first PDU from {remote} is {pdu.Type}, not A-ASSOCIATE-RQ", AbortReason.UnexpectedPdu);
                (request, version) = AssociatePduReader.Read(PduType.AssociateRequest, pdu.Body.Span);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                refused?.Invoke($"{remote} sent no association request within {timeouts.Artim.TotalSeconds:0} s");
                await pdus.DisposeAsync().ConfigureAwait(false);
                return null;
            }
            catch (PduFormatException e)
            {
                refused?.Invoke($"aborted {remote}: {e.Message}");
                await AbortAndCloseAsync(pdus, e.Reason).ConfigureAwait(false);
                return null;
            }
            catch (Exception e) when (e is IOException or SocketException or EndOfStreamException)
            {
                refused?.Invoke($"{remote} broke the connection during the association request: {e.Message}");
                await pdus.DisposeAsync().ConfigureAwait(false);
                return null;
            }
        }

        var peer = $"{request.CallingAeTitle}@{remote}";
        var decision = (version & 1) == 0 ? AssociationDecision.Reject(AssociateRejection.ProtocolVersionNotSupported)
            : request.ApplicationContext != AssociationParameters.DicomApplicationContext ? AssociationDecision.Reject(AssociateRejection.ApplicationContextNotSupported)
            : decide(request);
        if (decision.Rejection is { } rejection)
        {
            refused?.Invoke($"rejected {peer} calling {request.CalledAeTitle}: {rejection.Describe()}");
            await pdus.WriteAsync(AssociatePduWriter.Reject(rejection), cancellationToken).ConfigureAwait(false);
            await pdus.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        var accept = new AssociationParameters
        {
            CalledAeTitle = request.CalledAeTitle,
            CallingAeTitle = request.CallingAeTitle,
            Answers = decision.Answers,
            MaxPduLength = limits.MaxDataPduLength,
            ImplementationClassUid = ImplementationClassUid,
            ImplementationVersionName = ImplementationVersionName,
            // One operation at a time each way (PS3.7 D.3.3.3): said explicitly when the requestor asked for more.
            AsynchronousOperations = request.AsynchronousOperations is null ? null : ((ushort)1, (ushort)1),
            RoleSelections = decision.RoleSelections,
        };
        await pdus.WriteAsync(AssociatePduWriter.Accept(accept), cancellationToken).ConfigureAwait(false);
        return new DicomAssociation(pdus, request, accept, request.MaxPduLength, timeouts, peer);
    }

    private static async Task AbortAndCloseAsync(PduStream pdus, AbortReason reason)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await pdus.WriteAsync(AssociatePduWriter.Abort(AbortSource.ServiceProvider, reason), quick.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer may be gone already.
        }
        await pdus.DisposeAsync().ConfigureAwait(false);
    }
}
