using Handoff.Client;

namespace Handoff.Client.Tests;

/// <summary>
/// A rerun of a send must find the transfer of the interrupted run: the request id depends on what is
/// sent and where, never on listing order or chance, and a new generation gives a new transfer.
/// </summary>
public sealed class RequestIdsTests
{
    private static readonly string[] Inputs = ["series-01/CT00001.dcm\t1000\t1", "series-01/CT00002.dcm\t1000\t2", "series-02/CT00001.dcm\t1000\t3"];

    [Fact]
    public void ForSend_SameInputsInAnyOrder_SameId()
    {
        var first = RequestIds.ForSend("county-general", Inputs, 0);
        var shuffled = RequestIds.ForSend("county-general", [Inputs[2], Inputs[0], Inputs[1]], 0);

        Assert.Equal(first, shuffled);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void ForSend_OtherDestinationGenerationOrInputs_DifferentIds()
    {
        var ids = new[]
        {
            RequestIds.ForSend("county-general", Inputs, 0),
            RequestIds.ForSend("st-marys", Inputs, 0),
            RequestIds.ForSend("county-general", Inputs, 1),
            RequestIds.ForSend("county-general", Inputs[..2], 0),
        };

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ForSend_PartsAreDelimited_ShiftedBoundariesDiffer()
    {
        Assert.NotEqual(RequestIds.ForSend("ab", ["c"], 0), RequestIds.ForSend("a", ["bc"], 0));
    }

    [Fact]
    public void ForAcknowledge_ReceiptOrderDoesNotMatter_ContentDoes()
    {
        byte[] one = [1, 2, 3];
        byte[] two = [4, 5, 6];

        var id = RequestIds.ForAcknowledge("t1", [new("9.9", "1.2.3", one), new("9.9", "1.2.4", two)]);

        Assert.Equal(id, RequestIds.ForAcknowledge("t1", [new("9.9", "1.2.4", two), new("9.9", "1.2.3", one)]));
        Assert.NotEqual(id, RequestIds.ForAcknowledge("t1", [new("9.9", "1.2.3", two), new("9.9", "1.2.4", one)]));
        Assert.NotEqual(id, RequestIds.ForAcknowledge("t1", [new("9.8", "1.2.3", one), new("9.9", "1.2.4", two)]));
    }

    [Fact]
    public void ForAcknowledge_Delivery_AnotherPacsOrCommitmentIsAnotherRequest_TimeIsNot()
    {
        ReceiptEntry[] receipt = [new("9.9", "1.2.3", [1, 2, 3])];
        var pacs = new Handoff.Protos.V1.PacsDelivery { AeTitle = "ORTHANC_B", InstancesStored = 1 };
        var committed = new Handoff.Protos.V1.PacsDelivery { AeTitle = "ORTHANC_B", InstancesStored = 1, Committed = true, CommitmentTransactionUid = "1.2.9" };
        var later = pacs.Clone();
        later.At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch);

        var plain = RequestIds.ForAcknowledge("t1", receipt);

        Assert.Equal(plain, RequestIds.ForAcknowledge("t1", receipt, delivery: null));
        Assert.NotEqual(plain, RequestIds.ForAcknowledge("t1", receipt, pacs));
        Assert.NotEqual(RequestIds.ForAcknowledge("t1", receipt, pacs), RequestIds.ForAcknowledge("t1", receipt, committed));
        Assert.Equal(RequestIds.ForAcknowledge("t1", receipt, pacs), RequestIds.ForAcknowledge("t1", receipt, later));
    }
}
