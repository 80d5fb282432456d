using System.CommandLine;
using System.Net;
using Handoff.Cli.Transfers;
using Handoff.Gateway;
using Microsoft.Extensions.Logging;

namespace Handoff.Cli.Commands.Gateway;

/// <summary>
/// `handoff gateway`: the facility's DICOM node. PACS and modalities C-STORE to a route's AE title and the studies
/// are sent at once to the route's facility; with --deliver, every transfer that arrives for the facility is stored
/// into the local PACS (with --commit, committed) before it is acknowledged. Runs until Ctrl-C or SIGTERM; one line
/// on stdout once it listens, log lines (never patient data) on stderr.
/// </summary>
internal static class GatewayCommand
{
    public static Command Create(ServerOptions server)
    {
        var listen = new Option<string?>("--listen") { Description = "Address to accept DICOM associations on (default 127.0.0.1:11112).", HelpName = "HOST:PORT" };
        var ae = new Option<string?>("--ae") { Description = "The gateway's own AE title (C-ECHO, storage commitment reports, calling AE when delivering).", HelpName = "TITLE" };
        var routes = new Option<string[]>("--route") { Description = "A PACS that calls CALLED_AE sends to DESTINATION (facility or facility@network) at that priority (default routine). Repeat for several.", HelpName = "CALLED_AE=DESTINATION[:stat|urgent|routine]" };
        var allow = new Option<string[]>("--allow") { Description = "Accept associations only from these calling AE titles (default: any). Repeat for several.", HelpName = "CALLING_AE" };
        var deliver = new Option<string?>("--deliver") { Description = "Store every transfer that arrives for the facility into this PACS, by C-STORE (AE@HOST:PORT) or STOW-RS (its DICOMweb base URL); acknowledged only once it holds every instance.", HelpName = "AE@HOST:PORT|URL" };
        var commit = new Option<bool>("--commit") { Description = "With --deliver: ask the PACS for storage commitment and acknowledge only once it committed every instance." };
        var hold = new Option<bool>("--hold-for-reconcile") { Description = "With --deliver: store a transfer into the PACS only once its patient was reconciled (handoff reconcile)." };
        var spool = new Option<string?>("--spool") { Description = "Folder for instances not yet sent or delivered (default ./handoff-gateway).", HelpName = "DIR" };
        var config = new Option<string?>("--config") { Description = "JSON file with the same settings (listen, ae, routes, allow, deliver, commit, holdForReconcile, spool, quietWindowSeconds, fsync); options given here win.", HelpName = "FILE" };
        var quiet = new Option<string?>("--quiet-window") { Description = "How long a route stays quiet for a patient before that transfer is completed (default 10s).", HelpName = "DURATION" };
        var metrics = new Option<string?>("--metrics") { Description = "Serve Prometheus metrics (associations, C-STORE results, deliveries) at http://HOST:PORT/metrics.", HelpName = "HOST:PORT" };
        var noFsync = new Option<bool>("--no-fsync") { Description = "Answer C-STORE once the spooled file is written, without waiting for the disk (survives a gateway crash, not a power cut)." };
        var command = new Command("gateway", "Run the facility's DICOM gateway: routes from PACS and modalities to facilities, and delivery into the local PACS.")
        {
            listen, ae, routes, allow, deliver, commit, hold, spool, config, quiet, metrics, noFsync,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            GatewaySettings settings;
            System.Net.IPEndPoint? metricsAt;
            try
            {
                settings = Settings(parseResult, listen, ae, routes, allow, deliver, commit, hold, spool, config, quiet, noFsync).Validate();
                metricsAt = parseResult.GetValue(metrics) is { } address ? GatewaySettings.ParseEndpoint(address, "--metrics") : null;
            }
            catch (FormatException e)
            {
                CliErrorHandler.WriteError(e.Message);
                return Task.FromResult(ExitCodes.Usage);
            }
            return server.RunAsync(parseResult, cancellationToken, (client, token) => RunAsync(client, settings, metricsAt, token));
        });
        return command;
    }

    private static async Task<int> RunAsync(Client.HandoffClient client, GatewaySettings settings, System.Net.IPEndPoint? metricsAt, CancellationToken cancellationToken)
    {
        using var logging = CommandLogging.Create(LogLevel.Information);
        IDisposable? telemetry;
        try
        {
            telemetry = GatewayTelemetry.Start(metricsAt);
        }
        catch (System.Net.HttpListenerException e)
        {
            throw CliFailure.Usage($"--metrics {metricsAt}: {e.Message}");
        }
        using var metrics = telemetry;
        var logger = logging.CreateLogger("Handoff.Gateway");
        Directory.CreateDirectory(settings.Spool);
        await using var gateway = new GatewayHost(client, settings, logger);
        try
        {
            gateway.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw CliFailure.Usage($"--listen {settings.Listen}: {e.Message}");
        }
        Console.Out.WriteLine($"gateway {settings.AeTitle} listening on {gateway.LocalEndpoint}");
        Console.Out.Flush();
        try
        {
            await gateway.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: what is spooled is sent or delivered by the next run.
        }
        return ExitCodes.Success;
    }

    private static GatewaySettings Settings(ParseResult parseResult, Option<string?> listen, Option<string?> ae, Option<string[]> routes, Option<string[]> allow,
        Option<string?> deliver, Option<bool> commit, Option<bool> hold, Option<string?> spool, Option<string?> config, Option<string?> quiet, Option<bool> noFsync)
    {
        var settings = new GatewaySettings
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 11112),
            AeTitle = "HANDOFF",
            Spool = Path.GetFullPath("handoff-gateway"),
        };
        if (parseResult.GetValue(config) is { } file)
        {
            if (!File.Exists(file))
                throw new FormatException($"--config: {file} does not exist");
            settings = GatewaySettings.ReadConfig(file, settings);
        }
        if (parseResult.GetValue(listen) is { } address)
            settings = settings with { Listen = GatewaySettings.ParseEndpoint(address, "--listen") };
        if (parseResult.GetValue(ae) is { } title)
            settings = settings with { AeTitle = title };
        if (parseResult.GetValue(routes) is { Length: > 0 } given)
            settings = settings with { Routes = [.. given.Select(GatewayRoute.Parse)] };
        if (parseResult.GetValue(allow) is { Length: > 0 } callers)
            settings = settings with { Allowed = callers };
        if (parseResult.GetValue(deliver) is { } pacs)
            settings = settings with { Deliver = DeliveryTarget.Parse(pacs) };
        if (parseResult.GetValue(hold))
            settings = settings with { HoldForReconcile = true };
        if (parseResult.GetValue(commit))
            settings = settings with { Commit = true };
        if (parseResult.GetValue(spool) is { } folder)
            settings = settings with { Spool = Path.GetFullPath(folder) };
        if (parseResult.GetValue(quiet) is { } window)
            settings = settings with { QuietWindow = ConnectionSettings.ParseDuration(window, "--quiet-window") };
        if (parseResult.GetValue(noFsync))
            settings = settings with { Fsync = false };
        return settings;
    }
}
