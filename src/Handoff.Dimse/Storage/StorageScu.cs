using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Storage;

/// <summary>
/// The Storage SCU side of C-STORE: sends a Part 10 file's data set exactly as it is encoded in the file, on a
/// presentation context for its SOP class and its own transfer syntax, streamed from the file. The one conversion
/// it makes is between the two uncompressed little endian syntaxes, for a peer that accepts only the other one
/// (proposed with <c>uncompressedAlternatives</c>): pixel data is never decompressed or compressed.
/// </summary>
public static class StorageScu
{
    /// <summary>Explicit and implicit VR little endian: what an uncompressed instance may be re-encoded in.</summary>
    public static readonly IReadOnlyList<string> UncompressedSyntaxes =
        [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    /// <summary>
    /// The largest data set converted between uncompressed syntaxes: conversion holds it in memory, which streaming
    /// never does; a larger one the peer accepts only in the other syntax is refused for that instance.
    /// </summary>
    public const long MaxConvertedLength = 64L * 1024 * 1024;

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

    /// <summary>
    /// One presentation context per SOP class and transfer syntax among <paramref name="files"/>, each proposing the
    /// files' own syntax first; with <paramref name="uncompressedAlternatives"/>, an uncompressed one also proposes the
    /// other uncompressed syntax, which <see cref="StoreAsync"/> converts to if that is what the peer accepts.
    /// </summary>
    public static IReadOnlyList<PresentationContextProposal> Proposals(IEnumerable<FileToStore> files, bool uncompressedAlternatives = false)
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
        return [.. pairs.Select((pair, i) => new PresentationContextProposal((byte)(2 * i + 1), pair.SopClass,
            uncompressedAlternatives && UncompressedSyntaxes.Contains(pair.Syntax) ? [pair.Syntax, .. UncompressedSyntaxes.Where(s => s != pair.Syntax)] : [pair.Syntax]))];
    }

    /// <summary>
    /// Sends one file and returns the peer's status. <see cref="StoreRefusedException"/> when the peer accepted no
    /// context for the file's SOP class in its transfer syntax (or, for an uncompressed file, in the other
    /// uncompressed one): the file is never decompressed or compressed behind the caller's back.
    /// </summary>
    public static async Task<ushort> StoreAsync(DicomAssociation association, FileToStore file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(file);
        var messageId = association.NextMessageId();
        var command = DimseCommands.Request(CommandField.CStoreRequest, file.SopClassUid, messageId);
        command.SetString(CommandTags.AffectedSopInstanceUid, file.SopInstanceUid, isUid: true);
        if (association.FindContext(file.SopClassUid, file.TransferSyntaxUid) is { } context)
        {
            var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                stream.Position = file.DatasetOffset;
                await association.SendAsync(context, command, stream, stream.Length - file.DatasetOffset, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var (converted, convertedContext) = ConvertForPeer(association, file);
            await association.SendAsync(convertedContext, command, converted, cancellationToken).ConfigureAwait(false);
        }
        var response = await Services.DimseResponses.ReadAsync(association, CommandField.CStoreResponse, messageId, cancellationToken).ConfigureAwait(false);
        return response.GetUInt16(CommandTags.Status) ?? DimseStatus.ProcessingFailure;
    }

    /// <summary>The data set re-encoded in the other uncompressed syntax the peer accepted, or why it cannot be sent.</summary>
    private static (byte[] DataSet, byte Context) ConvertForPeer(DicomAssociation association, FileToStore file)
    {
        if (UncompressedSyntaxes.Contains(file.TransferSyntaxUid))
        {
            foreach (var other in UncompressedSyntaxes.Where(s => s != file.TransferSyntaxUid))
            {
                if (association.FindContext(file.SopClassUid, other) is not { } context)
                    continue;
                if (new FileInfo(file.Path).Length - file.DatasetOffset > MaxConvertedLength)
                    throw new StoreRefusedException(file.SopInstanceUid,
                        $"{association.Peer} accepts SOP class {file.SopClassUid} only in {other}; the instance ({file.TransferSyntaxUid}) is too large to convert in memory");
                var dataset = DicomFile.Open(file.Path).Dataset;
                return (DicomDatasetCodec.Encode(dataset, DicomTransferSyntax.FromUid(other)), context);
            }
        }
        throw new StoreRefusedException(file.SopInstanceUid, $"{association.Peer} accepts SOP class {file.SopClassUid} in none of the instance's transfer syntaxes ({file.TransferSyntaxUid})");
    }
}
