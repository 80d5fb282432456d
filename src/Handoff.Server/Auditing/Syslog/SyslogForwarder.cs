using System.Diagnostics.Metrics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Handoff.Contracts.Audit;
using Handoff.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Auditing.Syslog;

/// <summary>
/// Forwards every audit event (once, as the operator log receives it) to the syslog collector of
/// <see cref="SyslogOptions"/>. A bounded queue between the calls and the connection: a call only offers its event
/// and never waits; while the collector is slow or away the queue fills and then further events are dropped and
/// counted (<c>handoff.audit.syslog.dropped</c>); the connection is opened again with back-off (1 s doubling to
/// 60 s), also after a handshake or write that takes longer than <see cref="SyslogOptions.Timeout"/>. The audit logs themselves stay complete either way: forwarding is a copy.
/// </summary>
public sealed partial class SyslogForwarder : BackgroundService, IAuditSink
{
    private static readonly Meter Meter = new(TransferMetrics.MeterName);
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("handoff.audit.syslog.dropped",
        description: "Audit events not forwarded to the syslog collector because its queue was full (collector away or slow).");
    private static readonly Counter<long> Forwarded = Meter.CreateCounter<long>("handoff.audit.syslog.forwarded",
        description: "Audit events written to the syslog collector's connection.");
    private static readonly Counter<long> Unformattable = Meter.CreateCounter<long>("handoff.audit.syslog.unformattable",
        description: "Audit events not forwarded to the syslog collector because their message could not be built (dropped, the connection kept).");
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly SyslogOptions _options;
    private readonly ILogger<SyslogForwarder> _logger;
    private readonly Channel<AuditEventRecord>? _queue;
    private readonly string _hostName = System.Net.Dns.GetHostName();
    private readonly int _processId = Environment.ProcessId;

    public SyslogForwarder(IOptions<SyslogOptions> options, ILogger<SyslogForwarder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        if (!string.IsNullOrWhiteSpace(_options.Host))
            _queue = Channel.CreateBounded<AuditEventRecord>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public void Offer(AuditEventRecord record)
    {
        if (_queue is not null && !_queue.Writer.TryWrite(record))
            Dropped.Add(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_queue is null)
            return;
        var backoff = FirstBackoff;
        byte[]? pending = null; // a frame whose write failed goes first on the next connection
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var stream = await ConnectAsync(stoppingToken);
                LogConnected(_options.Host!, _options.Port);
                backoff = FirstBackoff;
                while (true)
                {
                    pending ??= Frame(await _queue.Reader.ReadAsync(stoppingToken));
                    if (pending is null)
                        continue; // that one event could not be formatted; the connection is fine
                    // A collector that stops reading fills the socket's buffer; the timeout turns that stall into a reconnect.
                    using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                    {
                        timeout.CancelAfter(_options.Timeout);
                        await stream.WriteAsync(pending, timeout.Token);
                        if (_queue.Reader.Count == 0)
                            await stream.FlushAsync(timeout.Token);
                    }
                    pending = null;
                    Forwarded.Add(1);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                // Whatever went wrong (refused, timed out, TLS refused, connection cut), the service must live on:
                // an unhandled exception here would stop the host.
                LogUnavailable(_options.Host!, _options.Port, failure.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>
    /// The event's frame, or null (dropped and counted) when it cannot be formatted: a failure of one event's text
    /// must not pass for a connection failure, which would retry the same frame forever.
    /// </summary>
    private byte[]? Frame(AuditEventRecord record)
    {
        try
        {
            return SyslogFrame.Build(record, _hostName, _options.AppName, _processId);
        }
        catch (Exception failure) when (failure is ArgumentException or InvalidOperationException or System.Xml.XmlException or FormatException)
        {
            Unformattable.Add(1);
            LogUnformattable(record.Action, failure.GetType().Name);
            return null;
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await client.ConnectAsync(_options.Host!, _options.Port, timeout.Token);
            }
            if (!_options.UseTls)
                return client.GetStream();
            var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, ValidateCollector);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.Timeout); // a collector that accepts but never answers the handshake
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _options.Host }, timeout.Token);
            }
            catch
            {
                await tls.DisposeAsync();
                throw;
            }
            return tls;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The collector's certificate must name the host and chain to the configured CA (or the system's roots).</summary>
    private bool ValidateCollector(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || certificate is null)
            return false;
        if (_options.CaCertificatePath is not { Length: > 0 } caPath)
            return errors == SslPolicyErrors.None;
        using var trusted = new X509Chain();
        trusted.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        trusted.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        trusted.ChainPolicy.CustomTrustStore.ImportFromPemFile(caPath);
        return trusted.Build(new X509Certificate2(certificate));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit events are forwarded to the syslog collector {Host}:{Port}")]
    private partial void LogConnected(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An audit event ({Action}) could not be formatted for the syslog collector ({Error}); it is dropped and counted, the next goes on")]
    private partial void LogUnformattable(string action, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Syslog collector {Host}:{Port} unavailable ({Error}); audit events wait in the queue (dropped and counted when it is full); trying again in {Seconds} s")]
    private partial void LogUnavailable(string host, int port, string error, double seconds);
}
