using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Handoff.Cli.Commands.Peer;
using Handoff.Cli.Output;
using Handoff.Protos.V1;

namespace Handoff.Cli.Tests.Peers;

/// <summary>What an operator reads in `peer list`: one block per peer, a row per certificate, imports or "all".</summary>
public sealed class PeerOutputTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private const string NewThumbprint = "62c39d511efc30f9af988a844cc37596e108484e8c849c27cb385a2c677a9ef9";
    private const string OldThumbprint = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

    [Fact]
    public void Table_PeerWithTwoCertificates_OneBlockWithShortThumbprintsAndStates()
    {
        var south = Peer("south", importAll: true);
        south.Certificates.Add(Certificate(NewThumbprint, "CN=south.example", Now.AddDays(300), revoked: false));
        south.Certificates.Add(Certificate(OldThumbprint, "CN=south-old.example", Now.AddDays(-1), revoked: false));
        var north = Peer("north", importAll: false, revoked: true);
        north.ImportedFacilityIds.Add("general");
        north.Certificates.Add(Certificate(OldThumbprint, "CN=north.example", Now.AddDays(10), revoked: true));

        var lines = Lines(PeerOutput.Table([south, north], Now));

        Assert.Equal(4, lines.Length);
        Assert.Equal(["NAME", "ADDRESS", "STATUS", "EXPORTS", "IMPORTS", "CERTIFICATE", "SUBJECT", "EXPIRES", "CERT"], Words(lines[0]));
        Assert.Equal(["south", "https://south.example:7443", "active", "st-marys,riverside", "all", "62c39d511efc30f9", "CN=south.example", "2027-03-28", "12:00:00Z", "active"], Words(lines[1]));
        Assert.Equal(["0a1b2c3d4e5f6071", "CN=south-old.example", "2026-05-31", "12:00:00Z", "expired"], Words(lines[2]));
        Assert.Equal(["north", "https://north.example:7443", "revoked", "st-marys,riverside", "general", "0a1b2c3d4e5f6071", "CN=north.example", "2026-06-11", "12:00:00Z", "revoked"], Words(lines[3]));
    }

    [Fact]
    public void Table_NoImportsNoCertificates_Dashes()
    {
        var peer = new Peer { Name = "east", Address = "https://east.example:7443" };

        var lines = Lines(PeerOutput.Table([peer], Now));

        Assert.Equal(["east", "https://east.example:7443", "active", "-", "-", "-", "-", "-", "-"], Words(lines[1]));
    }

    [Fact]
    public void WriteJson_Peer_FullThumbprintsAndImportAllSeparateFromIds()
    {
        var south = Peer("south", importAll: true);
        south.Certificates.Add(Certificate(NewThumbprint, "CN=south.example", Now.AddDays(300), revoked: false));
        using var stream = new MemoryStream();

        JsonOutput.Write(stream, writer => PeerOutput.WriteJson(writer, [south]));

        using var document = JsonDocument.Parse(stream.ToArray());
        var peer = Assert.Single(document.RootElement.GetProperty("peers").EnumerateArray());
        Assert.Equal("south", peer.GetProperty("name").GetString());
        Assert.True(peer.GetProperty("importAll").GetBoolean());
        Assert.Equal(0, peer.GetProperty("imports").GetArrayLength());
        Assert.Equal(["st-marys", "riverside"], peer.GetProperty("exports").EnumerateArray().Select(e => e.GetString() ?? "").ToArray());
        var certificate = Assert.Single(peer.GetProperty("certificates").EnumerateArray());
        Assert.Equal(NewThumbprint, certificate.GetProperty("thumbprint").GetString());
        Assert.Equal(Now.AddDays(300), certificate.GetProperty("notAfter").GetDateTimeOffset());
        Assert.False(certificate.GetProperty("revoked").GetBoolean());
    }

    [Fact]
    public void RemoteFacilities_TableAndJson_AddressForSendTo()
    {
        RemoteFacility[] facilities = [new() { Address = "general@south", FacilityId = "general", Network = "south", DisplayName = "South General Hospital" }];
        using var stream = new MemoryStream();

        var lines = Lines(RemoteFacilityOutput.Table(facilities));
        JsonOutput.Write(stream, writer => RemoteFacilityOutput.WriteJson(writer, facilities));

        Assert.Equal("general@south  South General Hospital", lines[1]);
        using var document = JsonDocument.Parse(stream.ToArray());
        var facility = Assert.Single(document.RootElement.GetProperty("facilities").EnumerateArray());
        Assert.Equal("general@south", facility.GetProperty("address").GetString());
        Assert.Equal("general", facility.GetProperty("facilityId").GetString());
        Assert.Equal("south", facility.GetProperty("network").GetString());
        Assert.Equal("South General Hospital", facility.GetProperty("name").GetString());
    }

    private static Peer Peer(string name, bool importAll, bool revoked = false)
    {
        var peer = new Peer { Name = name, Address = $"https://{name}.example:7443", ImportAll = importAll, Revoked = revoked, CreatedAt = Timestamp.FromDateTimeOffset(Now.AddDays(-30)) };
        peer.ExportedFacilityIds.Add("st-marys");
        peer.ExportedFacilityIds.Add("riverside");
        return peer;
    }

    private static PeerCertificate Certificate(string thumbprint, string subject, DateTimeOffset notAfter, bool revoked) =>
        new() { Thumbprint = thumbprint, Subject = subject, NotAfter = Timestamp.FromDateTimeOffset(notAfter), Revoked = revoked };

    private static string[] Lines(TextTable table)
    {
        using var writer = new StringWriter();
        table.Write(writer);
        return writer.ToString().Split(writer.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
