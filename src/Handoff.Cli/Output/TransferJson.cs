using System.Text.Json;
using Handoff.Protos.V1;

namespace Handoff.Cli.Output;

/// <summary>The JSON shape of transfers and their events, shared by `status`, `inbox` and their --watch modes.</summary>
internal static class TransferJson
{
    public static void WriteTransfer(Utf8JsonWriter writer, Transfer transfer, bool includeTimeline)
    {
        writer.WriteStartObject();
        writer.WriteString("transferId", transfer.Id);
        writer.WriteString("source", transfer.SourceFacilityId);
        writer.WriteString("destination", transfer.DestinationFacilityId);
        writer.WriteString("priority", TransferStateNames.Of(transfer.Priority));
        writer.WriteString("reason", transfer.Reason);
        writer.WriteString("state", TransferStateNames.Of(transfer.State));
        JsonOutput.WriteTime(writer, "expectedArrival", transfer.ExpectedArrival);
        JsonOutput.WriteTime(writer, "eta", transfer.ExpectedArrival); // the patient's expected arrival, by its short name
        JsonOutput.WriteTime(writer, "predictedReady", transfer.PredictedReady);
        writer.WriteBoolean("atRisk", transfer.AtRisk);
        writer.WriteBoolean("late", transfer.Late);
        if (transfer.ArrivalBasis.Length > 0)
            writer.WriteString("arrivalBasis", transfer.ArrivalBasis);
        JsonOutput.WriteTime(writer, "createdAt", transfer.CreatedAt);
        JsonOutput.WriteTime(writer, "updatedAt", transfer.UpdatedAt);
        JsonOutput.WriteTime(writer, "expiresAt", transfer.ExpiresAt);
        writer.WriteStartArray("studies");
        foreach (var study in transfer.Studies)
        {
            writer.WriteStartObject();
            writer.WriteString("studyInstanceUid", study.StudyInstanceUid);
            writer.WriteNumber("instancesDeclared", study.InstancesDeclared);
            writer.WriteNumber("instancesAvailable", study.InstancesAvailable);
            writer.WriteNumber("bytesDeclared", study.BytesDeclared);
            writer.WriteBoolean("complete", study.Complete);
            CompletenessOutput.WriteStudyJson(writer, study);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        CompletenessOutput.WriteTransferJson(writer, transfer);
        WriteAcknowledgement(writer, transfer.Acknowledgement);
        if (includeTimeline)
        {
            writer.WriteStartArray("timeline");
            foreach (var transferEvent in transfer.Timeline)
                WriteEvent(writer, transferEvent);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    public static void WriteEvent(Utf8JsonWriter writer, TransferEvent transferEvent)
    {
        writer.WriteStartObject();
        writer.WriteNumber("sequence", transferEvent.Sequence);
        writer.WriteString("transferId", transferEvent.TransferId);
        writer.WriteString("type", TransferStateNames.Of(transferEvent.Type));
        JsonOutput.WriteTime(writer, "at", transferEvent.At);
        writer.WriteString("actor", transferEvent.Actor);
        writer.WriteString("state", TransferStateNames.Of(transferEvent.State));
        if (transferEvent.StudyInstanceUid.Length > 0)
            writer.WriteString("studyInstanceUid", transferEvent.StudyInstanceUid);
        if (transferEvent.SopInstanceUid.Length > 0)
            writer.WriteString("sopInstanceUid", transferEvent.SopInstanceUid);
        if (transferEvent.Detail.Length > 0)
            writer.WriteString("detail", transferEvent.Detail);
        writer.WriteEndObject();
    }

    private static void WriteAcknowledgement(Utf8JsonWriter writer, Acknowledgement? acknowledgement)
    {
        if (acknowledgement is null)
        {
            writer.WriteNull("acknowledgement");
            return;
        }
        writer.WriteStartObject("acknowledgement");
        writer.WriteString("facilityId", acknowledgement.FacilityId);
        JsonOutput.WriteTime(writer, "at", acknowledgement.At);
        writer.WriteNumber("instancesConfirmed", acknowledgement.InstancesConfirmed);
        writer.WriteString("receiptHash", Convert.ToHexStringLower(acknowledgement.ReceiptHash.Span));
        writer.WriteBoolean("signed", acknowledgement.ReceiptKeyId.Length > 0);
        writer.WriteString("receiptKeyId", acknowledgement.ReceiptKeyId);
        WriteDelivery(writer, acknowledgement.Delivery);
        writer.WriteEndObject();
    }

    /// <summary>Null when the destination acknowledged without saying where it stored the instances.</summary>
    private static void WriteDelivery(Utf8JsonWriter writer, PacsDelivery? delivery)
    {
        if (delivery is null)
        {
            writer.WriteNull("delivery");
            return;
        }
        writer.WriteStartObject("delivery");
        writer.WriteString("aeTitle", delivery.AeTitle);
        writer.WriteString("stowUrl", delivery.StowUrl);
        writer.WriteNumber("instancesStored", delivery.InstancesStored);
        writer.WriteBoolean("committed", delivery.Committed);
        writer.WriteString("commitmentTransactionUid", delivery.CommitmentTransactionUid);
        JsonOutput.WriteTime(writer, "at", delivery.At);
        writer.WriteEndObject();
    }
}
