using System.Globalization;
using System.Text;
using System.Xml;
using Handoff.Contracts.Audit;

namespace Handoff.Server.Auditing.Syslog;

/// <summary>
/// An audit event in the DICOM audit message format of IHE ATNA (DICOM PS3.15 A.5): EventIdentification (event id,
/// action, time, outcome, and Handoff's action as the event type), the requesting ActiveParticipant (user id,
/// network access point) and the cluster as the other, AuditSourceIdentification, and a ParticipantObjectIdentification
/// for the object (a Study Instance UID, a transfer id, ...). Events hold no patient name, ID or birth date, so no
/// message does either.
/// </summary>
public static class DicomAuditMessage
{
    /// <summary>The message as UTF-8 XML (without a byte order mark).</summary>
    public static byte[] Xml(AuditEventRecord record, string sourceId)
    {
        ArgumentNullException.ThrowIfNull(record);
        record = XmlSafeText.Clean(record);
        sourceId = XmlSafeText.Clean(sourceId);
        using var text = new MemoryStream(1024);
        var settings = new XmlWriterSettings { OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false), Indent = false };
        using (var xml = XmlWriter.Create(text, settings))
        {
            var (eventId, eventName, action) = EventOf(record.Action);
            xml.WriteStartElement("AuditMessage");
            xml.WriteStartElement("EventIdentification");
            xml.WriteAttributeString("EventActionCode", action);
            xml.WriteAttributeString("EventDateTime", record.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("EventOutcomeIndicator", record.Outcome switch { "success" => "0", "error" => "8", _ => "4" });
            Code(xml, "EventID", eventId, "DCM", eventName);
            Code(xml, "EventTypeCode", record.Action, "urn:handoff:audit-action", record.Action);
            xml.WriteEndElement();

            xml.WriteStartElement("ActiveParticipant");
            xml.WriteAttributeString("UserID", record.Actor);
            xml.WriteAttributeString("UserIsRequestor", "true");
            if (record.NetworkAddress.Length > 0)
            {
                xml.WriteAttributeString("NetworkAccessPointID", record.NetworkAddress);
                xml.WriteAttributeString("NetworkAccessPointTypeCode", "2");
            }
            Code(xml, "RoleIDCode", "110153", "DCM", "Source Role ID");
            xml.WriteEndElement();
            xml.WriteStartElement("ActiveParticipant");
            xml.WriteAttributeString("UserID", "handoff");
            xml.WriteAttributeString("UserIsRequestor", "false");
            Code(xml, "RoleIDCode", "110152", "DCM", "Destination Role ID");
            xml.WriteEndElement();

            xml.WriteStartElement("AuditSourceIdentification");
            xml.WriteAttributeString("AuditSourceID", sourceId);
            if (record.FacilityId.Length > 0)
                xml.WriteAttributeString("AuditEnterpriseSiteID", record.FacilityId);
            Code(xml, "AuditSourceTypeCode", "4", "DCM", "Application Server Process");
            xml.WriteEndElement();

            if (record.ObjectId.Length > 0)
                WriteObject(xml, record);
            xml.WriteEndElement();
        }
        return text.ToArray();
    }

    private static void WriteObject(XmlWriter xml, AuditEventRecord record)
    {
        xml.WriteStartElement("ParticipantObjectIdentification");
        xml.WriteAttributeString("ParticipantObjectID", record.ObjectId);
        xml.WriteAttributeString("ParticipantObjectTypeCode", "2"); // system object
        xml.WriteAttributeString("ParticipantObjectTypeCodeRole", record.ObjectType == "study" ? "3" : "4"); // report / domain resource
        if (record.ObjectType == "study")
            Code(xml, "ParticipantObjectIDTypeCode", "110180", "DCM", "Study Instance UID");
        else
            Code(xml, "ParticipantObjectIDTypeCode", record.ObjectType.Length > 0 ? record.ObjectType : "object", "urn:handoff:object-type", record.ObjectType);
        if (record.Detail.Length > 0)
        {
            xml.WriteStartElement("ParticipantObjectDetail");
            xml.WriteAttributeString("type", "detail");
            xml.WriteAttributeString("value", Convert.ToBase64String(Encoding.UTF8.GetBytes(record.Detail)));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>The DICOM audit event id (CID 400), its name and the action code (C/R/U/D/E) closest to a Handoff action.</summary>
    private static (string Id, string Name, string Action) EventOf(string action)
    {
        var verb = action[(action.LastIndexOf('.') + 1)..];
        return (action, verb) switch
        {
            (_, "authenticate" or "sign-in") => ("110114", "User Authentication", "E"),
            ("study.declare" or "chunks.upload" or "study.complete" or "transfer.create" or "transfer.add-studies", _) => ("110104", "DICOM Instances Transferred", "C"),
            ("chunks.download" or "transfer.manifest" or "transfer.get" or "study.status" or "transfer.watch", _) => ("110103", "DICOM Instances Accessed", "R"),
            (_, "list" or "list-exports" or "watch" or "read") => ("110112", "Query", "E"),
            (_, "expire") => ("110105", "DICOM Study Deleted", "D"),
            (_, "checkpoint") => ("110100", "Application Activity", "E"),
            _ when action.StartsWith("facility.", StringComparison.Ordinal) || action.StartsWith("user.", StringComparison.Ordinal)
                || action.StartsWith("peer.", StringComparison.Ordinal) => ("110136", "Security Roles Changed", "U"),
            _ => ("110110", "Patient Record", "U"),
        };
    }

    private static void Code(XmlWriter xml, string element, string code, string system, string text)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("csd-code", code);
        xml.WriteAttributeString("codeSystemName", system);
        xml.WriteAttributeString("originalText", text);
        xml.WriteEndElement();
    }
}
