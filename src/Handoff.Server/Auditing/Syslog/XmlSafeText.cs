using System.Text;
using System.Xml;
using Handoff.Contracts.Audit;

namespace Handoff.Server.Auditing.Syslog;

/// <summary>
/// Text an XmlWriter accepts: characters XML 1.0 forbids (control characters such as U+0001 from a DICOMweb path's
/// %01, lone surrogates) replaced by U+FFFD. Without this one such event made every message after it fail too.
/// </summary>
internal static class XmlSafeText
{
    public static string Clean(string text)
    {
        if (IsClean(text))
            return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder.Append(text, i, 2);
                i++;
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }
        return builder.ToString();
    }

    /// <summary>The record with every text field <see cref="Clean"/>.</summary>
    public static AuditEventRecord Clean(AuditEventRecord record) => record with
    {
        Actor = Clean(record.Actor),
        FacilityId = Clean(record.FacilityId),
        Action = Clean(record.Action),
        ObjectType = Clean(record.ObjectType),
        ObjectId = Clean(record.ObjectId),
        Outcome = Clean(record.Outcome),
        Detail = Clean(record.Detail),
        NetworkAddress = Clean(record.NetworkAddress),
    };

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
                i++;
            else if (!XmlConvert.IsXmlChar(text[i]))
                return false;
        }
        return true;
    }
}
