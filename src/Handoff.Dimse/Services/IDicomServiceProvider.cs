using Handoff.Dimse.Association;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Services;

/// <summary>What a DICOM node does with the associations it accepts (<see cref="DicomServer"/>).</summary>
public interface IDicomServiceProvider
{
    /// <summary>Accepts or rejects an association request: AE titles, presentation contexts.</summary>
    AssociationDecision Decide(AssociationParameters request);

    /// <summary>
    /// Performs one request: reads its data set if it has one, does the work, sends the response(s). An
    /// exception aborts the association.
    /// </summary>
    Task HandleAsync(DicomAssociation association, IncomingCommand request, CancellationToken cancellationToken);
}
