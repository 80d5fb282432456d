using Handoff.Dicom;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;

namespace Handoff.Dimse.Storage;

/// <summary>
/// The Storage SCP side of C-STORE (PS3.4 annex B): checks the request against its presentation context, streams
/// the data set fragment by fragment into the store's writer (a 1 GiB instance never sits in memory) and answers
/// with the status the store gives once the instance is durable.
/// </summary>
public static class StorageScp
{
    public static async Task<StoreOutcome> HandleAsync(DicomAssociation association, IncomingCommand request, IInstanceStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(store);
        var command = request.Command;
        var (abstractSyntax, transferSyntax) = association.ContextOf(request.ContextId);
        var sopClass = command.GetString(CommandTags.AffectedSopClassUid) ?? "";
        var sopInstance = command.GetString(CommandTags.AffectedSopInstanceUid) ?? "";
        if (!command.HasDataSet)
            return await RespondAsync(association, request, new StoreOutcome(DimseStatus.CannotUnderstand, "C-STORE-RQ without a data set"), cancellationToken).ConfigureAwait(false);

        StoreOutcome? refusal = sopClass != abstractSyntax
            ? new StoreOutcome(DimseStatus.DataSetDoesNotMatchSopClass, "SOP class differs from the presentation context's")
            : !DicomUids.IsValid(sopInstance)
                ? new StoreOutcome(DimseStatus.CannotUnderstand, "no valid Affected SOP Instance UID")
                : null;
        IInstanceWriter? writer = null;
        if (refusal is null)
        {
            var instance = new IncomingInstance(sopClass, sopInstance, transferSyntax, association.Request.CallingAeTitle, association.Request.CalledAeTitle);
            (writer, refusal) = await store.BeginAsync(instance, cancellationToken).ConfigureAwait(false);
        }

        if (writer is null)
        {
            // The peer sends the data set whatever the answer will be: read it and drop it.
            await association.ReadDataAsync(request.ContextId, static (_, _) => ValueTask.CompletedTask, cancellationToken).ConfigureAwait(false);
            return await RespondAsync(association, request, refusal ?? new StoreOutcome(DimseStatus.OutOfResources, "not stored"), cancellationToken).ConfigureAwait(false);
        }

        await using (writer.ConfigureAwait(false))
        {
            await association.ReadDataAsync(request.ContextId, writer.WriteAsync, cancellationToken).ConfigureAwait(false);
            var outcome = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return await RespondAsync(association, request, outcome, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Answers the C-STORE and returns what was answered.</summary>
    private static async Task<StoreOutcome> RespondAsync(DicomAssociation association, IncomingCommand request, StoreOutcome outcome, CancellationToken cancellationToken)
    {
        await association.SendAsync(request.ContextId, DimseCommands.Response(request.Command, outcome.Status, outcome.Comment), null, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
