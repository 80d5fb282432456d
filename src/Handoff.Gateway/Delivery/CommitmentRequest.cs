using Handoff.Dimse.Association;
using Handoff.Dimse.Commitment;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Gateway.Delivery;

/// <summary>
/// Sends the storage commitment request (N-ACTION) on an association of its own and releases it at once, so the
/// PACS sends its report on a new association to the gateway's AE title, as most PACS do anyway.
/// </summary>
internal static class CommitmentRequest
{
    public static async Task SendAsync(PacsDeliveryOptions options, string transactionUid, IReadOnlyList<StorageScu.FileToStore> files, CancellationToken cancellationToken)
    {
        var pacs = options.Target.Pacs ?? throw new InvalidOperationException("storage commitment needs a DICOM node");
        var request = new AssociationParameters
        {
            CalledAeTitle = pacs.AeTitle,
            CallingAeTitle = options.CallingAeTitle,
            Proposals = [new PresentationContextProposal(1, StorageCommitment.SopClassUid, Verification.BasicTransferSyntaxes)],
        };
        await using var association = await DicomAssociation.RequestAsync(pacs.Host, pacs.Port, request, new PduLimits(), options.Timeouts, cancellationToken).ConfigureAwait(false);
        await StorageCommitment.RequestAsync(association, transactionUid, [.. files.Select(f => (f.SopClassUid, f.SopInstanceUid))], cancellationToken).ConfigureAwait(false);
        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
    }
}
