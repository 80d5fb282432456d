using System.Globalization;
using Handoff.Protos.V1;

namespace Handoff.Cli.Output;

/// <summary>Transfers and events as text for people: `status`, `inbox` and the lines of --watch.</summary>
internal static class TransferText
{
    public static void WriteDetails(TextWriter output, Transfer transfer)
    {
        output.WriteLine($"transfer     {transfer.Id}");
        output.WriteLine($"state        {TransferStateNames.Of(transfer.State)}{(transfer.Incomplete ? " (INCOMPLETE)" : "")}");
        output.WriteLine($"from         {transfer.SourceFacilityId}");
        output.WriteLine($"to           {transfer.DestinationFacilityId}");
        output.WriteLine($"priority     {TransferStateNames.Of(transfer.Priority)}");
        if (transfer.Reason.Length > 0)
            output.WriteLine($"reason       {transfer.Reason}");
        if (transfer.ExpectedArrival is not null)
            output.WriteLine($"patient eta  {JsonOutput.Time(transfer.ExpectedArrival)}");
        ArrivalText.WriteDetails(output, transfer);
        output.WriteLine($"created      {JsonOutput.Time(transfer.CreatedAt)}");
        output.WriteLine($"expires      {JsonOutput.Time(transfer.ExpiresAt)}");
        if (transfer.Acknowledgement is { } ack)
        {
            output.WriteLine($"acknowledged {JsonOutput.Time(ack.At)} by {ack.FacilityId}, {ack.InstancesConfirmed} instances, receipt {Convert.ToHexStringLower(ack.ReceiptHash.Span)}");
            if (ack.Delivery is { } delivery)
                output.WriteLine($"in PACS      {DescribeDelivery(delivery)}");
            output.WriteLine(ack.ReceiptKeyId.Length > 0
                ? $"signed       by {ack.FacilityId}'s key {ack.ReceiptKeyId}, countersigned (handoff receipt {transfer.Id} --out FILE)"
                : "signed       no (the destination registered no receipt key)");
        }
        output.WriteLine();
        var studies = new TextTable("STUDY", "INSTANCES", "SIZE", "COMPLETE");
        foreach (var study in transfer.Studies)
            studies.Add(study.StudyInstanceUid, $"{study.InstancesAvailable}/{study.InstancesDeclared}", ByteSize.Format(study.BytesDeclared), study.Complete ? "yes" : "no");
        studies.Write(output);
        CompletenessOutput.WriteText(output, transfer);
        output.WriteLine();
        WriteTimeline(output, transfer.Timeline);
    }

    /// <summary>"ORTHANC_B, 12 instances stored, storage commitment confirmed (transaction 1.2.3), {when}".</summary>
    private static string DescribeDelivery(PacsDelivery delivery)
    {
        var commitment = delivery.Committed ? $"storage commitment confirmed (transaction {delivery.CommitmentTransactionUid})" : "no storage commitment";
        var pacs = delivery.StowUrl.Length > 0 ? delivery.StowUrl : delivery.AeTitle;
        return $"{pacs}, {delivery.InstancesStored} instances stored, {commitment}, {JsonOutput.Time(delivery.At)}";
    }

    /// <summary>
    /// The timeline, with runs of instance-available events folded into one line: a CT has hundreds of them, and
    /// the story a person wants is created, first images, study complete, delivered, acknowledged.
    /// </summary>
    public static void WriteTimeline(TextWriter output, IReadOnlyList<TransferEvent> timeline)
    {
        output.WriteLine("timeline");
        for (var i = 0; i < timeline.Count; i++)
        {
            var run = i;
            while (run + 1 < timeline.Count && timeline[i].Type == TransferEventType.InstanceAvailable && timeline[run + 1].Type == TransferEventType.InstanceAvailable)
                run++;
            if (run > i)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {JsonOutput.Time(timeline[i].At)}  instance-available x{run - i + 1} (until {JsonOutput.Time(timeline[run].At)})"));
                i = run;
                continue;
            }
            output.WriteLine("  " + EventLine(timeline[i], includeTransfer: false));
        }
    }

    public static string EventLine(TransferEvent e, bool includeTransfer)
    {
        var parts = new List<string> { JsonOutput.Time(e.At), TransferStateNames.Of(e.Type) };
        if (includeTransfer)
            parts.Add("transfer=" + e.TransferId);
        parts.Add("state=" + TransferStateNames.Of(e.State));
        if (e.Actor.Length > 0)
            parts.Add("by=" + e.Actor);
        if (e.StudyInstanceUid.Length > 0)
            parts.Add("study=" + e.StudyInstanceUid);
        if (e.SopInstanceUid.Length > 0)
            parts.Add("instance=" + e.SopInstanceUid);
        if (e.Detail.Length > 0)
            parts.Add("detail=" + e.Detail.ReplaceLineEndings(" "));
        return string.Join("  ", parts);
    }

    public static void WriteList(TextWriter output, IReadOnlyList<Transfer> transfers)
    {
        var table = new TextTable("TRANSFER", "FROM", "TO", "PRIORITY", "STATE", "STUDIES", "INSTANCES", "CREATED", "ARRIVAL");
        foreach (var transfer in transfers)
        {
            int declared = 0, available = 0;
            foreach (var study in transfer.Studies)
            {
                declared += study.InstancesDeclared;
                available += study.InstancesAvailable;
            }
            table.Add(transfer.Id, transfer.SourceFacilityId, transfer.DestinationFacilityId, TransferStateNames.Of(transfer.Priority),
                TransferStateNames.Of(transfer.State), transfer.Studies.Count.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{available}/{declared}"), JsonOutput.Time(transfer.CreatedAt),
                ArrivalText.Flag(transfer));
        }
        table.Write(output);
    }
}
