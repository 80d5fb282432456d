using System.Text;
using System.Text.Json;

namespace Handoff.Dicom.Json;

/// <summary>
/// Writes one PN value as the object PS3.18 F.2.2 describes: "Alphabetic", "Ideographic" and "Phonetic"
/// members for the component groups that have content. Components are trimmed of padding, empty components
/// between two non-empty ones keep their '^', trailing empty ones are dropped; a value with no content at all
/// is null. This is what <c>dcm2json</c> writes, so the two agree on names like "Doctor^Who^^MD".
/// </summary>
internal static class DicomJsonPersonName
{
    private static readonly string[] GroupNames = ["Alphabetic", "Ideographic", "Phonetic"];

    public static void Write(Utf8JsonWriter json, string value)
    {
        var groups = value.Split('=');
        var builder = new StringBuilder();
        var wroteObject = false;
        for (var g = 0; g < groups.Length && g < GroupNames.Length; g++)
        {
            var text = Normalize(groups[g], builder);
            if (text.Length == 0)
                continue;
            if (!wroteObject)
            {
                json.WriteStartObject();
                wroteObject = true;
            }
            json.WriteString(GroupNames[g], text);
        }
        if (wroteObject)
            json.WriteEndObject();
        else
            json.WriteNullValue();
    }

    /// <summary>True when the name has a character other than the delimiters '=' and '^' and padding.</summary>
    public static bool HasContent(string value) => value.AsSpan().IndexOfAnyExcept("=^ ") >= 0;

    /// <summary>The group's components trimmed, joined by '^', without trailing empty components.</summary>
    private static string Normalize(string group, StringBuilder builder)
    {
        builder.Clear();
        var pendingCarets = 0;
        foreach (var component in group.Split('^'))
        {
            var trimmed = component.AsSpan().Trim(' ');
            if (trimmed.IsEmpty)
            {
                pendingCarets++;
                continue;
            }
            // Carets separating this component from the previous content (or marking leading empty components).
            builder.Append('^', builder.Length == 0 ? pendingCarets : pendingCarets + 1);
            builder.Append(trimmed);
            pendingCarets = 0;
        }
        return builder.ToString();
    }
}
