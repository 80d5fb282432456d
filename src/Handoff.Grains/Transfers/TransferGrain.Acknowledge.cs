using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Transfers;

/// <summary>The destination's proof of receipt: its content hash of every instance, compared with the studies'.</summary>
public sealed partial class TransferGrain
{
    public async Task<AcknowledgeResult> Acknowledge(string actor, IReadOnlyList<InstanceReceipt> receipts)
    {
        RequireCreated();
        if (actor != State.DestinationFacilityId)
            throw DomainException.Denied($"only the destination facility '{State.DestinationFacilityId}' can acknowledge transfer {TransferId}");
        if (receipts is null)
            throw DomainException.Invalid("receipts is required");
        if (State.Status is not (TransferStatus.Available or TransferStatus.Delivered or TransferStatus.Acknowledged))
            throw DomainException.WrongState($"transfer {TransferId} is {State.Status}; it can be acknowledged once it is Available");

        var expected = await ExpectedContentHashesAsync();
        var comparison = ReceiptComparison.Compare(expected, receipts);
        if (comparison.Accepted)
        {
            // A repeated acknowledgement finds the transfer acknowledged and returns the record as it stands.
            if (State.Status != TransferStatus.Acknowledged)
            {
                var receiptHash = ReceiptComparison.ReceiptHash(expected);
                State.Acknowledgement = new AcknowledgementRecord(actor, DateTimeOffset.UtcNow, expected.Count, receiptHash);
                State.Status = TransferStatus.Acknowledged;
                Append(TransferEventKind.Acknowledged, actor, detail: $"{expected.Count} instances confirmed, receipt hash {receiptHash}");
                await CommitAsync();
                LogState(TransferId, State.Status);
                await DetachStudiesAsync();
            }

            return new AcknowledgeResult(true, Record(), [], [], []);
        }

        if (State.Status != TransferStatus.Acknowledged)
        {
            Append(TransferEventKind.AcknowledgementMismatch, actor, detail: comparison.Describe());
            await CommitAsync();
            LogMismatch(TransferId, comparison.Mismatched.Count, comparison.Missing.Count, comparison.Unexpected.Count);
        }

        return new AcknowledgeResult(false, Record(), comparison.Mismatched, comparison.Missing, comparison.Unexpected);
    }

    /// <summary>(study, SOP Instance UID) → content hash over every study of the transfer, read from the studies themselves.</summary>
    private async Task<Dictionary<InstanceKey, string>> ExpectedContentHashesAsync()
    {
        var reads = new Task<StudyManifest>[State.Studies.Count];
        for (var i = 0; i < reads.Length; i++)
            reads[i] = GrainFactory.GetGrain<IStudyGrain>(StudyKey.Of(State.SourceFacilityId, State.Studies[i].StudyInstanceUid)).GetManifest();
        var manifests = await Task.WhenAll(reads);
        var expected = new Dictionary<InstanceKey, string>();
        foreach (var manifest in manifests)
        {
            foreach (var instance in manifest.Instances)
                expected[new InstanceKey(manifest.StudyInstanceUid, instance.SopInstanceUid)] = instance.Available ? instance.ContentHash : "";
        }

        return expected;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: acknowledgement did not match ({Mismatched} mismatched, {Missing} missing, {Unexpected} unexpected)")]
    private partial void LogMismatch(Guid transferId, int mismatched, int missing, int unexpected);
}
