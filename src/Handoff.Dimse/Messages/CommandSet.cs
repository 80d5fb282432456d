using System.Buffers.Binary;
using System.Text;

namespace Handoff.Dimse.Messages;

/// <summary>
/// A DIMSE command set: group 0000 elements, always implicit VR little endian (PS3.7 6.3.1). Decoding checks every
/// element length against what is left and refuses elements outside group 0000, so a malformed command cannot make
/// this node read past it or allocate more than it holds.
/// </summary>
public sealed class CommandSet
{
    /// <summary>The longest command set accepted; real ones are a few hundred bytes.</summary>
    public const int MaxLength = 64 * 1024;

    private readonly SortedDictionary<uint, byte[]> _elements = [];

    public CommandField Field
    {
        get => (CommandField)(GetUInt16(CommandTags.CommandField) ?? 0);
        set => SetUInt16(CommandTags.CommandField, (ushort)value);
    }

    /// <summary>True when a data set follows the command.</summary>
    public bool HasDataSet
    {
        get => GetUInt16(CommandTags.CommandDataSetType) is { } type && type != CommandTags.NoDataSet;
        set => SetUInt16(CommandTags.CommandDataSetType, value ? (ushort)0x0000 : CommandTags.NoDataSet);
    }

    public bool Contains(uint tag) => _elements.ContainsKey(tag);

    public ushort? GetUInt16(uint tag) =>
        _elements.TryGetValue(tag, out var value) && value.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(value) : null;

    public void SetUInt16(uint tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _elements[tag] = bytes;
    }

    /// <summary>A text value (UID, AE title, comment) with its padding (trailing NUL or spaces) removed.</summary>
    public string? GetString(uint tag) =>
        _elements.TryGetValue(tag, out var value) ? Encoding.ASCII.GetString(value).TrimEnd('\0', ' ').TrimStart(' ') : null;

    /// <summary>Sets a text value, padded to even length (UIDs with NUL, other text with a space).</summary>
    public void SetString(uint tag, string value, bool isUid = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length % 2 == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = isUid ? (byte)0 : (byte)' ';
        }
        _elements[tag] = bytes;
    }

    /// <summary>The encoding, with (0000,0000) Command Group Length first.</summary>
    public byte[] Encode()
    {
        var length = 0;
        foreach (var (tag, value) in _elements)
        {
            if (tag != CommandTags.GroupLength)
                length += 8 + value.Length;
        }
        var output = new byte[12 + length];
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(8), (uint)length);
        var at = 12;
        foreach (var (tag, value) in _elements)
        {
            if (tag == CommandTags.GroupLength)
                continue;
            BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(at), (ushort)(tag >> 16));
            BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(at + 2), (ushort)tag);
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(at + 4), (uint)value.Length);
            value.CopyTo(output, at + 8);
            at += 8 + value.Length;
        }
        return output;
    }

    /// <summary>Decodes a command set; <see cref="DimseFormatException"/> for anything malformed.</summary>
    public static CommandSet Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxLength)
            throw new DimseFormatException($"command set of {bytes.Length} bytes exceeds {MaxLength}");
        var command = new CommandSet();
        while (bytes.Length > 0)
        {
            if (bytes.Length < 8)
                throw new DimseFormatException($"command set ends with {bytes.Length} bytes, too few for an element header");
            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            if (group != 0x0000)
                throw new DimseFormatException($"command set holds element ({group:X4},{element:X4}) outside group 0000");
            if (length > bytes.Length - 8)
                throw new DimseFormatException($"command element (0000,{element:X4}) declares {length} bytes, {bytes.Length - 8} are left");
            command._elements[element] = bytes.Slice(8, (int)length).ToArray();
            bytes = bytes[(8 + (int)length)..];
        }
        if (!command.Contains(CommandTags.CommandField))
            throw new DimseFormatException("command set has no Command Field (0000,0100)");
        return command;
    }
}
