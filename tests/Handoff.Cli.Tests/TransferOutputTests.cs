using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Handoff.Cli.Output;
using Handoff.Protos.V1;

namespace Handoff.Cli.Tests;

/// <summary>
/// `status` shows where the destination's gateway delivered the transfer (the PACS, what it stored, the storage
/// commitment) in text and JSON, and names delivery-waiting events.
/// </summary>
public sealed class TransferOutputTests
{
    private static readonly Timestamp At = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public void Status_AcknowledgedIntoPacs_TextAndJsonShowTheDelivery()
    {
        var transfer = Acknowledged(new PacsDelivery
        {
            AeTitle = "ORTHANC_B", InstancesStored = 12, Committed = true, CommitmentTransactionUid = "1.2.826.0.1.3680043.10.7", At = At,
        });

        using var text = new StringWriter();
        TransferText.WriteDetails(text, transfer);
        using var json = JsonDocument.Parse(Json(transfer));

        Assert.Contains("in PACS      ORTHANC_B, 12 instances stored, storage commitment confirmed (transaction 1.2.826.0.1.3680043.10.7)", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("delivery-waiting", text.ToString(), StringComparison.Ordinal);
        var delivery = json.RootElement.GetProperty("acknowledgement").GetProperty("delivery");
        Assert.Equal("ORTHANC_B", delivery.GetProperty("aeTitle").GetString());
        Assert.Equal(12, delivery.GetProperty("instancesStored").GetInt32());
        Assert.True(delivery.GetProperty("committed").GetBoolean());
        Assert.Equal("1.2.826.0.1.3680043.10.7", delivery.GetProperty("commitmentTransactionUid").GetString());
        Assert.Equal("delivery-waiting", json.RootElement.GetProperty("timeline")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Status_AcknowledgedWithoutDelivery_NoPacsLineAndJsonNull()
    {
        var transfer = Acknowledged(delivery: null);

        using var text = new StringWriter();
        TransferText.WriteDetails(text, transfer);
        using var json = JsonDocument.Parse(Json(transfer));

        Assert.DoesNotContain("in PACS", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("acknowledgement").GetProperty("delivery").ValueKind);
    }

    private static Transfer Acknowledged(PacsDelivery? delivery) => new()
    {
        Id = "00000000-0000-0000-0000-000000000001",
        SourceFacilityId = "st-a",
        DestinationFacilityId = "st-b",
        State = TransferState.Acknowledged,
        CreatedAt = At,
        UpdatedAt = At,
        ExpiresAt = At,
        Acknowledgement = new Acknowledgement { FacilityId = "st-b", At = At, InstancesConfirmed = 12, Delivery = delivery },
        Timeline =
        {
            new TransferEvent { Sequence = 1, Type = TransferEventType.DeliveryWaiting, At = At, Actor = "st-b", State = TransferState.Delivered, Detail = "PACS ORTHANC_B refused the association" },
        },
    };

    private static string Json(Transfer transfer)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            TransferJson.WriteTransfer(writer, transfer, includeTimeline: true);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
