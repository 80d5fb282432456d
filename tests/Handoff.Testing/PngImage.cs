using System.Buffers.Binary;
using System.IO.Compression;

namespace Handoff.Testing;

/// <summary>Reads an 8-bit grayscale PNG (filter 0 or any of PNG's five) back into pixels, to look at what a server rendered.</summary>
public sealed record PngImage(int Width, int Height, byte[] Pixels)
{
    public static PngImage Read(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
            throw new InvalidDataException("not a PNG");
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                if (data[8] != 8 || data[9] != 0)
                    throw new InvalidDataException($"bit depth {data[8]}, colour type {data[9]}: not 8-bit grayscale");
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            at += 12 + length;
        }
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var lines = raw.ToArray();
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            if (lines[y * (width + 1)] != 0)
                throw new InvalidDataException("only filter 0 is read here");
            Array.Copy(lines, y * (width + 1) + 1, pixels, y * width, width);
        }
        return new PngImage(width, height, pixels);
    }
}
