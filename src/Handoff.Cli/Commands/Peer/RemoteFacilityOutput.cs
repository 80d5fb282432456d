using System.Text.Json;
using Handoff.Cli.Output;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Peer;

/// <summary>Remote facilities as `peer import` and `peer facilities` print them: the address `send --to` takes first.</summary>
internal static class RemoteFacilityOutput
{
    public static void Write(IEnumerable<RemoteFacility> facilities, bool json)
    {
        if (json)
            JsonOutput.Write(writer => WriteJson(writer, facilities));
        else
            Table(facilities).Write(Console.Out);
    }

    public static TextTable Table(IEnumerable<RemoteFacility> facilities)
    {
        ArgumentNullException.ThrowIfNull(facilities);
        var table = new TextTable("ADDRESS", "NAME");
        foreach (var facility in facilities)
            table.Add(facility.Address, facility.DisplayName);
        return table;
    }

    public static void WriteJson(Utf8JsonWriter writer, IEnumerable<RemoteFacility> facilities)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(facilities);
        writer.WriteStartObject();
        writer.WriteStartArray("facilities");
        foreach (var facility in facilities)
        {
            writer.WriteStartObject();
            writer.WriteString("address", facility.Address);
            writer.WriteString("facilityId", facility.FacilityId);
            writer.WriteString("network", facility.Network);
            writer.WriteString("name", facility.DisplayName);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
