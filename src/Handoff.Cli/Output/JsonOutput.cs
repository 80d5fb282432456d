using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace Handoff.Cli.Output;

/// <summary>
/// JSON on standard output for scripts: UTF-8 without BOM, one document, a final newline. Written with
/// <see cref="Utf8JsonWriter"/> member by member so the names are exactly the documented ones.
/// </summary>
internal static class JsonOutput
{
    public static void Write(Action<Utf8JsonWriter> body, bool indented = true)
    {
        using var stdout = Console.OpenStandardOutput();
        Write(stdout, body, indented);
    }

    public static void Write(Stream stream, Action<Utf8JsonWriter> body, bool indented = true)
    {
        // UIDs, names and detail text are data, not HTML: keep them readable rather than \u-escaped.
        var options = new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(stream, options))
            body(writer);
        stream.Write("\n"u8);
        stream.Flush();
    }

    /// <summary>An ISO 8601 UTC time, or null when the server left it unset.</summary>
    public static void WriteTime(Utf8JsonWriter writer, string name, Timestamp? time)
    {
        if (time is null)
            writer.WriteNull(name);
        else
            writer.WriteString(name, time.ToDateTimeOffset());
    }

    public static string Time(Timestamp? time) =>
        time is null ? "-" : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
