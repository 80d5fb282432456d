using Handoff.Contracts.Transfers;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>A transfer's forecast against the patient's arrival onto its proto (predicted_ready, at_risk, late, arrival_basis).</summary>
public static class ArrivalMapping
{
    public static void Apply(ArrivalForecastRecord? arrival, V1.Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (arrival is null)
            return;
        transfer.PredictedReady = ProtoTime.FromOptional(arrival.PredictedReady);
        transfer.AtRisk = arrival.AtRisk;
        transfer.Late = arrival.Late;
        transfer.ArrivalBasis = arrival.Basis;
    }
}
