using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Storage;

/// <summary>
/// The Storage SCU side of C-STORE: sends a Part 10 file's data set exactly as it is encoded in the file, on a
/// presentation context for its SOP class and its own transfer syntax, streamed from the file.
/// </summary>
public static class StorageScu
{
    /// <summary>What a file will be sent as: its SOP class and instance and its transfer syntax.</summary>
    public sealed record FileToStore(string Path, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DatasetOffset);

    /// <summary>Reads what <see cref="StoreAsync"/> needs from a file's header (never its pixel data).</summary>
    public static FileToStore Inspect(string path)
    {
        var file = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true });
        // The data set's own UIDs first: a receiver checks the request against them (some files' meta disagrees).
        var sopClass = file.Dataset.GetString(DicomTag.SOPClassUID) ?? file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID);
        var sopInstance = file.Dataset.GetString(DicomTag.SOPInstanceUID) ?? file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID);
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
            throw new DicomFormatException($"{path} has no SOP Class or SOP Instance UID, so it cannot be stored", 0);
        return new FileToStore(path, sopClass, sopInstance, file.TransferSyntax.Uid, file.DatasetOffset);
    }

    /// <summary>One presentation context per SOP class and transfer syntax among <paramref name="files"/>, each proposing the files' own syntax.</summary>
    public static IReadOnlyList<PresentationContextProposal> Proposals(IEnumerable<FileToStore> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var pairs = new List<(string SopClass, string Syntax)>();
        foreach (var file in files)
        {
            if (!pairs.Contains((file.SopClassUid, file.TransferSyntaxUid)))
                pairs.Add((file.SopClassUid, file.TransferSyntaxUid));
        }
        if (pairs.Count > 128)
            throw new ArgumentException($"{pairs.Count} SOP class and transfer syntax pairs need more than one association (at most 128 contexts)");
        return [.. pairs.Select((pair, i) => new PresentationContextProposal((byte)(2 * i + 1), pair.SopClass, [pair.Syntax]))];
    }

    /// <summary>
    /// Sends one file and returns the peer's status. <see cref="StoreRefusedException"/> when the peer accepted no
    /// context for the file's SOP class in its transfer syntax: the file is never converted behind the caller's back.
    /// </summary>
    public static async Task<ushort> StoreAsync(DicomAssociation association, FileToStore file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(file);
        var context = association.FindContext(file.SopClassUid, file.TransferSyntaxUid)
            ?? throw new StoreRefusedException(file.SopInstanceUid, $"{association.Peer} accepts SOP class {file.SopClassUid} in none of the instance's transfer syntaxes ({file.TransferSyntaxUid})");
        var messageId = association.NextMessageId();
        var command = DimseCommands.Request(CommandField.CStoreRequest, file.SopClassUid, messageId);
        command.SetString(CommandTags.AffectedSopInstanceUid, file.SopInstanceUid, isUid: true);
        var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            stream.Position = file.DatasetOffset;
            await association.SendAsync(context, command, stream, stream.Length - file.DatasetOffset, cancellationToken).ConfigureAwait(false);
        }
        var response = await Services.DimseResponses.ReadAsync(association, CommandField.CStoreResponse, messageId, cancellationToken).ConfigureAwait(false);
        return response.GetUInt16(CommandTags.Status) ?? DimseStatus.ProcessingFailure;
    }
}
