using System.CommandLine;
using Handoff.Cli.Output;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff audit [--json] [--facility ID]`: who touched which patient data, when, and with what outcome. A
/// facility sees the events that concern it; the operator sees all, or one facility's with --facility.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(ServerOptions server)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var facility = new Option<string?>("--facility") { Description = "Operator only: one facility's events.", HelpName = "ID" };
        var limit = new Option<int>("--limit") { Description = "At most this many events (0: the server's default).", HelpName = "N" };
        var command = new Command("audit", "List audit events: access to patient data and its outcome.") { json, facility, limit };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new ListAuditEventsRequest { FacilityId = parseResult.GetValue(facility) ?? string.Empty, Limit = parseResult.GetValue(limit) };
            var response = await connection.Audit.ListAuditEventsAsync(request, cancellationToken: token).ConfigureAwait(false);
            if (parseResult.GetValue(json))
                JsonOutput.Write(writer => WriteJson(writer, response.Events));
            else
                WriteTable(response.Events);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteJson(System.Text.Json.Utf8JsonWriter writer, IEnumerable<AuditEvent> events)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("events");
        foreach (var e in events)
        {
            writer.WriteStartObject();
            JsonOutput.WriteTime(writer, "at", e.At);
            writer.WriteString("actor", e.Actor);
            writer.WriteString("facilityId", e.FacilityId);
            writer.WriteString("action", e.Action);
            writer.WriteString("objectType", e.ObjectType);
            writer.WriteString("objectId", e.ObjectId);
            writer.WriteString("outcome", e.Outcome);
            writer.WriteString("detail", e.Detail);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTable(IEnumerable<AuditEvent> events)
    {
        var table = new TextTable("AT", "ACTOR", "FACILITY", "ACTION", "OBJECT", "OUTCOME", "DETAIL");
        foreach (var e in events)
            table.Add(JsonOutput.Time(e.At), e.Actor, e.FacilityId, e.Action, $"{e.ObjectType} {e.ObjectId}".Trim(), e.Outcome, e.Detail.ReplaceLineEndings(" "));
        table.Write(Console.Out);
    }
}
