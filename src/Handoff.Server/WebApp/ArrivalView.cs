using Handoff.Protos.V1;

namespace Handoff.Server.WebApp;

/// <summary>How the pages show a transfer against the patient's expected arrival: a flag and the prediction.</summary>
public static class ArrivalView
{
    /// <summary>"late", "at risk", "on time", or empty without an expected arrival (no flag shown).</summary>
    public static string Flag(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.ExpectedArrival is null)
            return "";
        return transfer.Late ? "late" : transfer.AtRisk ? "at risk" : "on time";
    }

    /// <summary>The CSS class of the flag: arrival-late, arrival-at-risk, arrival-on-time.</summary>
    public static string FlagClass(Transfer transfer) => "arrival-" + Flag(transfer).Replace(' ', '-');

    /// <summary>When the images are predicted to be ready at the destination; "unknown" before anything is measured.</summary>
    public static string Predicted(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return transfer.PredictedReady is null ? "unknown" : TransferView.Time(transfer.PredictedReady);
    }
}
