using System.Diagnostics;
using Handoff.Contracts.Transfers;

namespace Handoff.Server.Telemetry;

/// <summary>
/// The server's own spans (source <see cref="SourceName"/>): a relay pass to a peer network, in the trace of the call
/// that created the transfer, so one trace follows a transfer from the sending client through this server and the
/// relay to the peer's server (whose spans join it through the traceparent header of the relay's calls).
/// </summary>
public static class HandoffTracing
{
    public const string SourceName = "Handoff";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span for one relay pass of the transfer; null when nobody listens.</summary>
    public static Activity? StartRelay(TransferRecord transfer, string peerName)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var parent = ActivityContext.TryParse(transfer.TraceParent, null, out var created) ? created : default;
        var activity = Source.StartActivity("handoff.relay", ActivityKind.Client, parent);
        activity?.SetTag("handoff.transfer_id", transfer.Id.ToString());
        activity?.SetTag("handoff.peer", peerName);
        return activity;
    }
}
