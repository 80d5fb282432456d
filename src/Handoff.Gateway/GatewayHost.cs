using Handoff.Client;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Gateway.Delivery;
using Handoff.Gateway.Ingest;
using Microsoft.Extensions.Logging;

namespace Handoff.Gateway;

/// <summary>
/// A running gateway: the DICOM listener (ingest to routes, C-ECHO, commitment reports), the uploader that sends what
/// it spools, and with a PACS to deliver into, the deliverer that follows the facility's inbox. SPOOL/ingest holds
/// instances received and not yet in the server; SPOOL/deliver holds transfers received and not yet held by the PACS.
/// </summary>
public sealed partial class GatewayHost : IAsyncDisposable
{
    private readonly GatewaySettings _settings;
    private readonly DicomServer _server;
    private readonly IngestUploader _uploader;
    private readonly PacsDeliverer? _deliverer;
    private readonly ILogger _logger;

    public GatewayHost(HandoffClient client, GatewaySettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        _settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var allowed = settings.Allowed.Count > 0 && settings.Deliver?.Pacs is { } pacs ? [.. settings.Allowed, pacs.AeTitle] : settings.Allowed;
        var policy = new IngestPolicy(settings.AeTitle, settings.Routes, allowed) { AcceptsCommitmentReports = settings.Commit };
        var ingest = Path.Combine(settings.Spool, "ingest");
        _uploader = new IngestUploader(client, policy, ingest, logger) { QuietWindow = settings.QuietWindow };
        var store = new FolderInstanceStore(i => IngestSpool.RouteFolder(ingest, i.CalledAeTitle)) { Stored = _uploader.StoredAsync, FlushToDisk = settings.Fsync };
        var reports = new CommitmentReports();
        if (settings.Deliver is { } target)
        {
            var options = new PacsDeliveryOptions
            {
                Target = target,
                CallingAeTitle = settings.AeTitle,
                Commit = settings.Commit,
                RequireReconciliation = settings.HoldForReconcile,
                CommitmentTimeout = settings.CommitmentTimeout,
                FirstRetryDelay = settings.DeliveryRetry.First,
                LongestRetryDelay = settings.DeliveryRetry.Longest,
            };
            _deliverer = new PacsDeliverer(client, options, reports, Path.Combine(settings.Spool, "deliver"), logger);
        }
        _server = new DicomServer(settings.Listen, new IngestProvider(policy, store, logger, settings.Commit ? reports : null), new DicomServerOptions(), logger);
    }

    /// <summary>Where the DICOM listener listens (the port chosen when 0 was asked for).</summary>
    public System.Net.IPEndPoint LocalEndpoint => _server.LocalEndpoint;

    /// <summary>Starts listening (so a caller can tell "ready" before <see cref="RunAsync"/>).</summary>
    public void Start()
    {
        _server.Start();
        LogListening(_logger, _settings.AeTitle, LocalEndpoint.ToString(), _settings.Routes.Count, _settings.Deliver?.ToString() ?? "nothing");
    }

    /// <summary>Sends and delivers until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var work = new List<Task> { _uploader.RunAsync(cancellationToken) };
        if (_deliverer is not null)
            work.Add(_deliverer.RunAsync(cancellationToken));
        // The first to fail (not by cancellation) ends the gateway: a half-working gateway would accept what it cannot send.
        var first = await Task.WhenAny(work).ConfigureAwait(false);
        await first.ConfigureAwait(false);
        await Task.WhenAll(work).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {AeTitle} listening on {Endpoint}: {Routes} route(s), delivering into {Pacs}")]
    private static partial void LogListening(ILogger logger, string aeTitle, string endpoint, int routes, string pacs);
}
