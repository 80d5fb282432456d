using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// Audit events as FHIR R4 AuditEvent resources in the shape of IHE Basic Audit Log Patterns (BALP): type "rest" with
/// the RESTful interaction and Handoff's action as subtypes, action C/R/U/D/E, recorded, outcome, the requesting agent
/// (who, requestor, network address) and the cluster as the other, the cluster as source observer, and the object as
/// an entity by identifier. Events name no patient (no name, ID or birth date reaches the audit log), so no resource
/// does either. One resource per line (NDJSON).
/// </summary>
internal static class AuditFhir
{
    private const string Balp = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
    private const string Dcm = "http://dicom.nema.org/resources/ontology/DCM";

    public static void WriteNdjson(TextWriter output, string logId, IEnumerable<AuditEvent> events)
    {
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var e in events)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
                Write(writer, logId, e);
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    private static void Write(Utf8JsonWriter w, string logId, AuditEvent e)
    {
        var (interaction, action, profile) = Kind(e.Action);
        w.WriteStartObject();
        w.WriteString("resourceType", "AuditEvent");
        w.WriteString("id", Id(logId, e.Sequence));
        w.WriteStartObject("meta");
        w.WriteStartArray("profile");
        w.WriteStringValue(Balp + profile);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("type");
        Coding(w, "http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation");
        w.WriteEndObject();
        w.WriteStartArray("subtype");
        w.WriteStartObject();
        Coding(w, "http://hl7.org/fhir/restful-interaction", interaction, null);
        w.WriteEndObject();
        w.WriteStartObject();
        Coding(w, "urn:handoff:audit-action", e.Action, null);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("action", action);
        w.WriteString("recorded", (e.At?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        w.WriteString("outcome", e.Outcome switch { "success" => "0", "error" => "8", _ => "4" });
        w.WriteString("outcomeDesc", e.Detail.Length > 0 ? $"{e.Outcome}: {e.Detail}" : e.Outcome);
        WriteAgents(w, e);
        WriteSource(w, logId);
        WriteEntities(w, e);
        w.WriteEndObject();
    }

    private static void WriteAgents(Utf8JsonWriter w, AuditEvent e)
    {
        w.WriteStartArray("agent");
        w.WriteStartObject();
        CodeableConcept(w, "type", Dcm, "110153", "Source Role ID");
        w.WriteStartObject("who");
        Identifier(w, "urn:handoff:actor", e.Actor);
        w.WriteEndObject();
        w.WriteBoolean("requestor", true);
        if (e.NetworkAddress.Length > 0)
        {
            w.WriteStartObject("network");
            w.WriteString("address", e.NetworkAddress);
            w.WriteString("type", "2"); // IP address
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject();
        CodeableConcept(w, "type", Dcm, "110152", "Destination Role ID");
        w.WriteStartObject("who");
        w.WriteString("display", "Handoff cluster");
        w.WriteEndObject();
        w.WriteBoolean("requestor", false);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteSource(Utf8JsonWriter w, string logId)
    {
        w.WriteStartObject("source");
        w.WriteString("site", logId);
        w.WriteStartObject("observer");
        w.WriteString("display", "Handoff cluster");
        w.WriteEndObject();
        w.WriteStartArray("type");
        w.WriteStartObject();
        w.WriteString("system", "http://terminology.hl7.org/CodeSystem/security-source-type");
        w.WriteString("code", "4");
        w.WriteString("display", "Application Server");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The object acted on, and the facility whose data it is; by identifier only.</summary>
    private static void WriteEntities(Utf8JsonWriter w, AuditEvent e)
    {
        w.WriteStartArray("entity");
        if (e.ObjectId.Length > 0)
        {
            w.WriteStartObject();
            w.WriteStartObject("what");
            if (e.ObjectType == "study")
                Identifier(w, "urn:dicom:uid", "urn:oid:" + e.ObjectId);
            else
                Identifier(w, "urn:handoff:" + (e.ObjectType.Length > 0 ? e.ObjectType : "object"), e.ObjectId);
            w.WriteEndObject();
            EntityType(w, "2", "System Object");
            CodeableRole(w, "4", "Domain Resource");
            w.WriteEndObject();
        }
        if (e.FacilityId.Length > 0)
        {
            w.WriteStartObject();
            w.WriteStartObject("what");
            Identifier(w, "urn:handoff:facility", e.FacilityId);
            w.WriteEndObject();
            EntityType(w, "3", "Organization");
            CodeableRole(w, "13", "Security Resource");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The RESTful interaction, FHIR action code and BALP profile an action is closest to.</summary>
    internal static (string Interaction, string Action, string Profile) Kind(string action)
    {
        var verb = action[(action.LastIndexOf('.') + 1)..];
        return verb switch
        {
            "list" or "list-exports" or "read" => ("search-type", "E", "Query"),
            "watch" when action == "inbox.watch" => ("search-type", "E", "Query"),
            "get" or "status" or "manifest" or "download" or "watch" or "export" => ("read", "R", "Read"),
            "create" or "declare" or "register" or "add" or "upload" or "import" => ("create", "C", "Create"),
            "expire" => ("delete", "D", "Delete"),
            "authenticate" or "sign-in" => ("operation", "E", "Query"),
            _ => ("update", "U", "Update"),
        };
    }

    private static string Id(string logId, long sequence)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{logId.Trim('_')}.{sequence}");
        return id.Length <= 64 ? id : id[^64..];
    }

    private static void Coding(Utf8JsonWriter w, string system, string code, string? display)
    {
        w.WriteString("system", system);
        w.WriteString("code", code);
        if (display is not null)
            w.WriteString("display", display);
    }

    private static void CodeableConcept(Utf8JsonWriter w, string name, string system, string code, string display)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("coding");
        w.WriteStartObject();
        Coding(w, system, code, display);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void EntityType(Utf8JsonWriter w, string code, string display)
    {
        w.WriteStartObject("type");
        Coding(w, "http://terminology.hl7.org/CodeSystem/audit-entity-type", code, display);
        w.WriteEndObject();
    }

    private static void CodeableRole(Utf8JsonWriter w, string code, string display)
    {
        w.WriteStartObject("role");
        Coding(w, "http://terminology.hl7.org/CodeSystem/object-role", code, display);
        w.WriteEndObject();
    }

    private static void Identifier(Utf8JsonWriter w, string system, string value)
    {
        w.WriteStartObject("identifier");
        w.WriteString("system", system);
        w.WriteString("value", value);
        w.WriteEndObject();
    }
}
