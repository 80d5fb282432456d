using System.CommandLine;
using Handoff.Cli.Output;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Facility;

/// <summary>`handoff facility list [--json]`: every registered facility.</summary>
internal static class FacilityListCommand
{
    public static Command Create(ServerOptions server)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List the registered facilities.") { json };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var response = await connection.Facilities.ListFacilitiesAsync(new ListFacilitiesRequest(), cancellationToken: token).ConfigureAwait(false);
            if (parseResult.GetValue(json))
                JsonOutput.Write(writer => WriteJson(writer, response.Facilities));
            else
                WriteTable(response.Facilities);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteJson(System.Text.Json.Utf8JsonWriter writer, IEnumerable<Protos.V1.Facility> facilities)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("facilities");
        foreach (var facility in facilities)
        {
            writer.WriteStartObject();
            writer.WriteString("id", facility.Id);
            writer.WriteString("name", facility.DisplayName);
            writer.WriteString("issuer", facility.PatientIdIssuer);
            writer.WriteBoolean("disabled", facility.Disabled);
            JsonOutput.WriteTime(writer, "createdAt", facility.CreatedAt);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTable(IEnumerable<Protos.V1.Facility> facilities)
    {
        var table = new TextTable("ID", "NAME", "ISSUER", "STATUS", "CREATED");
        foreach (var facility in facilities)
            table.Add(facility.Id, facility.DisplayName, facility.PatientIdIssuer, facility.Disabled ? "disabled" : "active", JsonOutput.Time(facility.CreatedAt));
        table.Write(Console.Out);
    }
}
