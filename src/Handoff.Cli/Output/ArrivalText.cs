using Handoff.Protos.V1;

namespace Handoff.Cli.Output;

/// <summary>A transfer against the patient's expected arrival, as `status` and `inbox` print it.</summary>
internal static class ArrivalText
{
    /// <summary>The inbox's ARRIVAL column: "late", "at-risk", "on-time" or "-" without an expected arrival.</summary>
    public static string Flag(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.ExpectedArrival is null)
            return "-";
        return transfer.Late ? "late" : transfer.AtRisk ? "at-risk" : "on-time";
    }

    /// <summary>The status lines under "patient eta": the prediction, the flag and what the prediction rests on.</summary>
    public static void WriteDetails(TextWriter output, Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.ExpectedArrival is null)
            return;
        var predicted = transfer.PredictedReady is null ? "unknown" : JsonOutput.Time(transfer.PredictedReady);
        output.WriteLine($"ready by     {predicted} ({Flag(transfer)})");
        if (transfer.ArrivalBasis.Length > 0)
            output.WriteLine($"forecast     {transfer.ArrivalBasis}");
    }
}
