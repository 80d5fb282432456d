using System.Globalization;
using System.Text;
using Handoff.Contracts.Audit;

namespace Handoff.Server.Auditing.Syslog;

/// <summary>
/// One audit event as an RFC 5424 syslog message, framed by octet counting (RFC 5425: "MSG-LEN SP SYSLOG-MSG"):
/// facility 10 (security/authorization), severity notice for a success and warning otherwise, MSGID
/// "IHE+RFC-3881" as IHE ATNA asks for the DICOM audit message format, no structured data, and the UTF-8 (BOM-led)
/// XML of <see cref="DicomAuditMessage"/> as MSG.
/// </summary>
public static class SyslogFrame
{
    private const int Facility = 10;

    public static byte[] Build(AuditEventRecord record, string hostName, string appName, int processId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var severity = record.Outcome == AuditedActions.Success ? 5 : 4;
        var header = string.Create(CultureInfo.InvariantCulture,
            $"<{(Facility * 8) + severity}>1 {record.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} {Field(hostName)} {Field(appName)} {processId} IHE+RFC-3881 - ");
        var message = new List<byte>(1024);
        message.AddRange(Encoding.ASCII.GetBytes(header));
        message.AddRange(Encoding.UTF8.GetPreamble());
        message.AddRange(DicomAuditMessage.Xml(record, hostName));
        var length = Encoding.ASCII.GetBytes(message.Count.ToString(CultureInfo.InvariantCulture) + " ");
        return [.. length, .. message];
    }

    /// <summary>A header field: printable US-ASCII without spaces, or "-" (RFC 5424 NILVALUE).</summary>
    private static string Field(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 255));
        foreach (var c in value)
        {
            if (builder.Length == 255)
                break;
            if (c is > ' ' and <= '~')
                builder.Append(c);
        }
        return builder.Length == 0 ? "-" : builder.ToString();
    }
}
