using Handoff.Contracts.Errors;
using Handoff.Dicom;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Where the frames of an uncompressed image lie in its stored bytes: the pixel data value's offset, the bytes of one
/// frame (rows × columns × samples × bits allocated / 8) and how many there are. Frames are served only for native
/// little-endian pixel data; anything else is 406 saying why (the instance itself is always retrievable as sent).
/// </summary>
public sealed record FrameGeometry(DicomValue PixelData, long FrameBytes, int Frames, int Rows, int Columns, int SamplesPerPixel, int BitsAllocated)
{
    public static FrameGeometry Of(DicomFile file, string sopInstanceUid)
    {
        ArgumentNullException.ThrowIfNull(file);
        var syntax = file.TransferSyntax;
        if (syntax.IsEncapsulated || syntax.IsDeflated || syntax.IsBigEndian)
            throw new NotAcceptableException($"instance {sopInstanceUid} is stored as {syntax.Name}: its frames are served only uncompressed little endian; retrieve the instance as sent");
        var data = file.Dataset;
        if (data.Find(DicomTag.PixelData) is not DicomElement { Value: { } value })
            throw DomainException.NotFound($"instance {sopInstanceUid} has no pixel data");
        var rows = (int)(data.GetInteger(DicomTag.Rows) ?? 0);
        var columns = (int)(data.GetInteger(DicomTag.Columns) ?? 0);
        var samples = (int)(data.GetInteger(DicomTag.SamplesPerPixel) ?? 1);
        var bits = (int)(data.GetInteger(DicomTag.BitsAllocated) ?? 0);
        var frames = (int)Math.Max(1, data.GetInteger(DicomTag.NumberOfFrames) ?? 1);
        if (rows <= 0 || columns <= 0 || bits is not (8 or 16 or 32) || samples is < 1 or > 4)
            throw new NotAcceptableException($"instance {sopInstanceUid} has no frame geometry this server can serve (rows {rows}, columns {columns}, bits allocated {bits}, samples {samples})");
        var frameBytes = (long)rows * columns * samples * (bits / 8);
        if (frameBytes * frames > value.Length)
            throw new NotAcceptableException($"instance {sopInstanceUid}: its pixel data holds {value.Length} bytes, fewer than {frames} frames of {frameBytes}");
        return new FrameGeometry(value, frameBytes, frames, rows, columns, samples, bits);
    }

    /// <summary>Frame <paramref name="number"/>'s offset within the pixel data value (1-based); 404 when there is no such frame.</summary>
    public long OffsetOf(int number, string sopInstanceUid) =>
        number >= 1 && number <= Frames
            ? (number - 1) * FrameBytes
            : throw DomainException.NotFound($"instance {sopInstanceUid} has {Frames} frame(s), not frame {number}");
}
