using System.Buffers.Binary;
using System.Globalization;
using Handoff.Dicom;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Renders one uncompressed grayscale frame to 8 bits for a PNG (WADO-RS rendered, PS3.18 8.3.5.1): stored values
/// through the modality rescale, then a linear VOI window (PS3.3 C.11.2.1.2): the request's <c>window=center,width</c>,
/// else the instance's first Window Center/Width, else the frame's own range; MONOCHROME1 is inverted. Colour images
/// are 406: the instance is retrievable as sent.
/// </summary>
public sealed class GrayscaleRenderer
{
    private readonly double _slope;
    private readonly double _intercept;
    private readonly bool _signed;
    private readonly bool _invert;
    private readonly int _bits;
    private readonly int _bitsStored;

    public GrayscaleRenderer(DicomDataset data, FrameGeometry geometry, string sopInstanceUid)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(geometry);
        var photometric = (data.GetString(DicomTag.PhotometricInterpretation) ?? "MONOCHROME2").TrimEnd('\0');
        if (geometry.SamplesPerPixel != 1 || photometric is not ("MONOCHROME1" or "MONOCHROME2") || geometry.BitsAllocated > 16)
            throw new NotAcceptableException($"instance {sopInstanceUid} is {photometric} with {geometry.SamplesPerPixel} samples of {geometry.BitsAllocated} bits: only grayscale images of up to 16 bits are rendered");
        _slope = Decimal(data, DicomTag.RescaleSlope) ?? 1;
        _intercept = Decimal(data, DicomTag.RescaleIntercept) ?? 0;
        _signed = data.GetInteger(DicomTag.PixelRepresentation) == 1;
        _invert = photometric == "MONOCHROME1";
        _bits = geometry.BitsAllocated;
        _bitsStored = (int)Math.Clamp(data.GetInteger(DicomTag.BitsStored) ?? _bits, 1, _bits);
        Window = (Decimal(data, DicomTag.WindowCenter), Decimal(data, DicomTag.WindowWidth)) is ({ } c, { } w and > 0) ? (c, w) : null;
    }

    /// <summary>The instance's own window (center, width), if it has one.</summary>
    public (double Center, double Width)? Window { get; }

    /// <summary>Parses <c>center,width</c> as PS3.18 writes the window parameter; 400 when it is not that.</summary>
    public static (double Center, double Width)? ParseWindow(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var parts = text.Split(',');
        return parts.Length >= 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var center)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var width) && width > 0
            ? (center, width)
            : throw new Contracts.Errors.DomainException(Contracts.Errors.DomainErrorKind.InvalidArgument, $"window must be center,width with a positive width, not '{text}'");
    }

    /// <summary>The frame's 8-bit display values, row by row.</summary>
    public byte[] Render(ReadOnlySpan<byte> frame, int pixels, (double Center, double Width)? requested)
    {
        // Two passes over the frame rather than a copy of it in doubles: the output byte per pixel is the only allocation.
        (double Center, double Width) window;
        if ((requested ?? Window) is { } given)
        {
            window = given;
        }
        else
        {
            double min = double.MaxValue, max = double.MinValue;
            for (var i = 0; i < pixels; i++)
            {
                var v = Stored(frame, i) * _slope + _intercept;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            window = ((min + max) / 2, Math.Max(1, max - min));
        }
        var output = new byte[pixels];
        for (var i = 0; i < pixels; i++)
        {
            // PS3.3 C.11.2.1.2.1: linear function; below the window black, above it white.
            var x = (Stored(frame, i) * _slope + _intercept - (window.Center - 0.5)) / (window.Width - 1) + 0.5;
            var y = (byte)Math.Round(Math.Clamp(x, 0, 1) * 255);
            output[i] = _invert ? (byte)(255 - y) : y;
        }
        return output;
    }

    private double Stored(ReadOnlySpan<byte> frame, int index)
    {
        var raw = _bits == 8 ? frame[index] : BinaryPrimitives.ReadUInt16LittleEndian(frame.Slice(index * 2, 2));
        var mask = (1 << _bitsStored) - 1;
        var value = raw & mask;
        if (_signed && (value & (1 << (_bitsStored - 1))) != 0)
            value -= 1 << _bitsStored;
        return value;
    }

    private static double? Decimal(DicomDataset data, DicomTag tag) =>
        data.GetString(tag, 0) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
