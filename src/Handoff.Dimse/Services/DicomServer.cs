using System.Net;
using System.Net.Sockets;
using Handoff.Dimse.Association;
using Microsoft.Extensions.Logging;

namespace Handoff.Dimse.Services;

/// <summary>
/// A DICOM listener: accepts TCP connections, negotiates each association with the provider's decision and
/// serves its requests one at a time until the peer releases, aborts or goes silent. One bad peer never affects
/// another: each association runs on its own, and whatever it does ends in an abort of that association only.
/// </summary>
public sealed partial class DicomServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IDicomServiceProvider _provider;
    private readonly DicomServerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private readonly List<Task> _associations = [];
    private Task? _accepting;

    public DicomServer(IPEndPoint endpoint, IDicomServiceProvider provider, DicomServerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        _listener = new TcpListener(endpoint);
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _options = options;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _slots = new SemaphoreSlim(options.MaxAssociations, options.MaxAssociations);
    }

    /// <summary>Where it listens (with the port chosen when 0 was asked for).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Starts listening; associations are served in the background until <see cref="DisposeAsync"/>.</summary>
    public void Start()
    {
        _listener.Start(backlog: 64);
        _accepting = AcceptLoopAsync(_stopping.Token);
        LogListening(_logger, LocalEndpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_accepting is not null)
            await _accepting.ConfigureAwait(false);
        Task[] running;
        lock (_associations)
            running = [.. _associations];
        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && cancellationToken.IsCancellationRequested))
            {
                return;
            }
            socket.NoDelay = true;
            var served = ServeAsync(socket, cancellationToken);
            lock (_associations)
            {
                _associations.RemoveAll(t => t.IsCompleted);
                _associations.Add(served);
            }
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var remote = socket.RemoteEndPoint?.ToString() ?? "unknown";
        var stream = new NetworkStream(socket, ownsSocket: true);
        var haveSlot = _slots.Wait(0);
        try
        {
            var association = await DicomAssociation.AcceptAsync(stream, remote,
                request => haveSlot ? _provider.Decide(request) : AssociationDecision.Reject(UpperLayer.AssociateRejection.Congestion),
                _options.Limits, _options.Timeouts, why => LogRefused(_logger, why), cancellationToken).ConfigureAwait(false);
            if (association is null)
                return;
            await using (association.ConfigureAwait(false))
                await ServeRequestsAsync(association, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAssociationFailed(_logger, remote, e.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            if (haveSlot)
                _slots.Release();
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeRequestsAsync(DicomAssociation association, CancellationToken cancellationToken)
    {
        try
        {
            while (await association.ReadCommandAsync(cancellationToken).ConfigureAwait(false) is { } request)
                await _provider.HandleAsync(association, request, cancellationToken).ConfigureAwait(false);
        }
        catch (AssociationAbortedException e)
        {
            LogAborted(_logger, association.Peer, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await association.AbortAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The provider failed on this request: the peer learns by an abort; others are not affected.
            LogHandlerFailed(_logger, e, association.Peer);
            await association.AbortAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DICOM listening on {Endpoint}")]
    private static partial void LogListening(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DICOM association refused: {Why}")]
    private static partial void LogRefused(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DICOM association from {Remote} failed: {Why}")]
    private static partial void LogAssociationFailed(ILogger logger, string remote, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DICOM association with {Peer} aborted: {Why}")]
    private static partial void LogAborted(ILogger logger, string peer, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "DICOM request from {Peer} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string peer);
}
