using System.Diagnostics;

namespace Handoff.Client;

/// <summary>
/// The client library's spans (source <see cref="SourceName"/>): a send, a receive, a gateway's batch. While one is
/// open, every call it makes carries its W3C trace context (.NET's HTTP stack adds the traceparent header), so the
/// server's spans, and through the relay a peer network's, join the same trace. Nothing is recorded unless the
/// application listens (an OpenTelemetry tracer provider with this source).
/// </summary>
public static class ClientTracing
{
    /// <summary>The ActivitySource name an application adds to its tracer provider to record the client's spans.</summary>
    public const string SourceName = "Handoff.Client";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(string name, string? destinationOrTransfer = null)
    {
        var activity = Source.StartActivity(name, ActivityKind.Client);
        if (destinationOrTransfer is not null)
            activity?.SetTag("handoff.target", destinationOrTransfer);
        return activity;
    }
}
