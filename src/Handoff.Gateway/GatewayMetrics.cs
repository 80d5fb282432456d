using System.Diagnostics.Metrics;
using Handoff.Dimse.Messages;

namespace Handoff.Gateway;

/// <summary>
/// What the facility gateway counts for operators (meter <see cref="MeterName"/>, served by `handoff gateway --metrics`
/// as Prometheus text and sent by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set): associations accepted and rejected,
/// C-STORE answers to the modalities and PACS that send to it, and instances stored into the local PACS. Tags name
/// outcomes, never AE titles or patients.
/// </summary>
public static class GatewayMetrics
{
    public const string MeterName = "Handoff.Gateway";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Associations = Meter.CreateCounter<long>("handoff.gateway.associations",
        description: "Associations from modalities and PACS, by outcome (accepted, rejected).");

    private static readonly Counter<long> Stores = Meter.CreateCounter<long>("handoff.gateway.cstore",
        description: "C-STORE requests answered, by status (success, warning, failure).");

    private static readonly Counter<long> Delivered = Meter.CreateCounter<long>("handoff.gateway.delivered",
        description: "Instances stored into the local PACS, by result (stored, refused).");

    public static void Association(bool accepted) => Associations.Add(1, new KeyValuePair<string, object?>("outcome", accepted ? "accepted" : "rejected"));

    public static void Stored(ushort status) => Stores.Add(1, new KeyValuePair<string, object?>("status", StatusClass(status)));

    public static void Delivery(bool stored) => Delivered.Add(1, new KeyValuePair<string, object?>("result", stored ? "stored" : "refused"));

    private static string StatusClass(ushort status) =>
        status == DimseStatus.Success ? "success" : DimseStatus.IsSuccessOrWarning(status) ? "warning" : "failure";
}
