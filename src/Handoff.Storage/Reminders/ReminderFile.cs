using System.Text;
using Orleans;
using Orleans.Runtime;

namespace Handoff.Storage.Reminders;

/// <summary>
/// The binary layout of <c>reminders.dat</c>: magic "HRT1", the entry count, then per entry the grain type and key
/// as raw id bytes (exactly what Orleans hashes, so ring ranges survive a round trip), the reminder name, the first
/// tick as <see cref="DateTime.ToBinary"/> (keeps the UTC kind), the period in ticks and the ETag.
/// </summary>
internal static class ReminderFile
{
    private static ReadOnlySpan<byte> Magic => "HRT1"u8;

    public static MemoryStream Write(IReadOnlyCollection<ReminderEntry> entries)
    {
        var stream = new MemoryStream(64 + entries.Count * 160);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(entries.Count);
        foreach (var entry in entries)
        {
            WriteBytes(writer, entry.GrainId.Type.AsSpan());
            WriteBytes(writer, entry.GrainId.Key.AsSpan());
            writer.Write(entry.ReminderName);
            writer.Write(entry.StartAt.ToBinary());
            writer.Write(entry.Period.Ticks);
            writer.Write(entry.ETag ?? "");
        }

        return stream;
    }

    /// <summary>Parses a whole table; <paramref name="path"/> names the file in errors.</summary>
    public static List<ReminderEntry> Read(byte[] file, string path)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(file, writable: false), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path} is not a reminder table");
            }

            var count = reader.ReadInt32();
            if (count < 0)
            {
                throw new InvalidDataException($"{path} is damaged: negative entry count");
            }

            var entries = new List<ReminderEntry>(Math.Min(count, file.Length / 16));
            for (var i = 0; i < count; i++)
            {
                var type = new GrainType(ReadBytes(reader));
                var key = new IdSpan(ReadBytes(reader));
                entries.Add(new ReminderEntry
                {
                    GrainId = new GrainId(type, key),
                    ReminderName = reader.ReadString(),
                    StartAt = DateTime.FromBinary(reader.ReadInt64()),
                    Period = TimeSpan.FromTicks(reader.ReadInt64()),
                    ETag = reader.ReadString(),
                });
            }

            if (reader.BaseStream.Position != file.Length)
            {
                throw new InvalidDataException($"{path} is damaged: {file.Length - reader.BaseStream.Position} bytes after the last entry");
            }

            return entries;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path} is damaged: it ends inside an entry", e);
        }
    }

    private static void WriteBytes(BinaryWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.Write7BitEncodedInt(bytes.Length);
        writer.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt();
        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException();
    }
}
