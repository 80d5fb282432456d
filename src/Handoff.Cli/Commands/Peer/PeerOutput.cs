using System.Text.Json;
using Handoff.Cli.Output;
using PeerMessage = Handoff.Protos.V1.Peer;

namespace Handoff.Cli.Commands.Peer;

/// <summary>
/// Peers as `peer list` and `peer add` print them. The table has one row per pinned certificate, the peer's own
/// columns on its first row only, so a peer with a new and an old certificate reads as one block. JSON has every
/// field, full thumbprints included.
/// </summary>
internal static class PeerOutput
{
    public static TextTable Table(IEnumerable<PeerMessage> peers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var table = new TextTable("NAME", "ADDRESS", "STATUS", "EXPORTS", "IMPORTS", "CERTIFICATE", "SUBJECT", "EXPIRES", "CERT");
        foreach (var peer in peers)
        {
            string[] columns = [peer.Name, peer.Address, peer.Revoked ? "revoked" : "active", List(peer.ExportedFacilityIds), Imports(peer)];
            if (peer.Certificates.Count == 0)
                table.Add([.. columns, "-", "-", "-", "-"]);
            foreach (var certificate in peer.Certificates)
            {
                var state = certificate.Revoked ? "revoked" : certificate.NotAfter is { } end && end.ToDateTimeOffset() < now ? "expired" : "active";
                table.Add([.. columns, Thumbprints.Short(certificate.Thumbprint), certificate.Subject, JsonOutput.Time(certificate.NotAfter), state]);
                columns = ["", "", "", "", ""];
            }
        }
        return table;
    }

    public static void WriteJson(Utf8JsonWriter writer, IEnumerable<PeerMessage> peers)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(peers);
        writer.WriteStartObject();
        writer.WriteStartArray("peers");
        foreach (var peer in peers)
        {
            writer.WriteStartObject();
            writer.WriteString("name", peer.Name);
            writer.WriteString("address", peer.Address);
            writer.WriteBoolean("revoked", peer.Revoked);
            JsonOutput.WriteTime(writer, "createdAt", peer.CreatedAt);
            writer.WriteStartArray("certificates");
            foreach (var certificate in peer.Certificates)
            {
                writer.WriteStartObject();
                writer.WriteString("thumbprint", certificate.Thumbprint);
                writer.WriteString("subject", certificate.Subject);
                JsonOutput.WriteTime(writer, "notAfter", certificate.NotAfter);
                writer.WriteBoolean("revoked", certificate.Revoked);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            WriteStrings(writer, "exports", peer.ExportedFacilityIds);
            WriteStrings(writer, "imports", peer.ImportedFacilityIds);
            writer.WriteBoolean("importAll", peer.ImportAll);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>"all" when the peer's imports follow whatever it exports, else the imported ids.</summary>
    public static string Imports(PeerMessage peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return peer.ImportAll ? "all" : List(peer.ImportedFacilityIds);
    }

    private static string List(IReadOnlyCollection<string> ids) => ids.Count == 0 ? "-" : string.Join(',', ids);

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
            writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
