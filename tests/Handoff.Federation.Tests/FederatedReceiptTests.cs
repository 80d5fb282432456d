using System.Text.Json;
using Handoff.Client.Receipts;
using Handoff.Federation.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// A signed receipt across federation: the destination facility in south signs with its own key, south countersigns,
/// and the relay brings the receipt back unchanged to north, which adds its own countersignature binding its transfer
/// id. The source saves it in north and verifies it offline with north's key export alone (which holds the keys it
/// learned from south), files included.
/// </summary>
public sealed class FederatedReceiptTests : IClassFixture<FederatedPair>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly FederatedPair _pair;
    private readonly TempFolder _files = new("federated-receipt");

    public FederatedReceiptTests(FederatedPair pair) => _pair = pair;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task RemoteFacilitysSignature_TravelsBackUnchanged_AndVerifiesAtTheSource()
    {
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(_pair.North, "clinic-r");
        await _pair.ExportFromSouthAsync("cardiac-r");
        var destinationKey = (await _pair.SouthOperator.Facilities.RotateFacilityKeyAsync(new Protos.V1.RotateFacilityKeyRequest { FacilityId = "cardiac-r" })).ApiKey;
        string[] north = ["--server", _pair.North.Address, "--key", sourceKey];
        string[] south = ["--server", _pair.South.Address, "--key", destinationKey];
        Assert.Equal(0, (await HandoffCli.RunAsync(Deadline, ["--server", _pair.North.Address, "--key", _pair.North.OperatorKey, "peer", "import", "south", "cardiac-r"])).ExitCode);
        var keyFile = _files.Combine("cardiac-receipt.pem");
        var created = await HandoffCli.RunAsync(Deadline, [.. south, "receipt", "key", "create", "--out", keyFile]);
        Assert.True(created.ExitCode == 0, created.ToString());

        LocalStudy.Write(_files.Combine("study"), seed: 91, slices: 5);
        var send = await HandoffCli.RunAsync(Deadline, [.. north, "send", _files.Combine("study"), "--to", "cardiac-r@south"]);
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.LastLine;
        var inbound = await Poll.ForAsync(async () =>
        {
            var inbox = await HandoffCli.RunAsync(Deadline, [.. south, "inbox", "--json"]);
            var transfers = JsonDocument.Parse(inbox.StandardOutput).RootElement.GetProperty("transfers");
            return transfers.GetArrayLength() > 0 ? transfers[0].GetProperty("transferId").GetString() : null;
        }, Deadline, "the relayed transfer in south's inbox");
        var receive = await HandoffCli.RunAsync(Deadline, [.. south, "receive", inbound, "--out", _files.Combine("received"), "--receipt-key", keyFile]);
        Assert.True(receive.ExitCode == 0, receive.ToString());
        await Poll.UntilAsync(async () =>
        {
            var status = await HandoffCli.RunAsync(Deadline, [.. north, "status", transferId, "--json"]);
            return JsonDocument.Parse(status.StandardOutput).RootElement.GetProperty("state").GetString() == "acknowledged";
        }, Deadline, "north's transfer acknowledged");

        var saved = await HandoffCli.RunAsync(Deadline, [.. north, "receipt", transferId, "--out", _files.Combine("receipt.json")]);
        var exported = await HandoffCli.RunAsync(Deadline, [.. north, "receipt", "keys", "--out", _files.Combine("north-keys.json")]);
        var southOnly = await HandoffCli.RunAsync(Deadline, [.. south, "receipt", "keys", "--out", _files.Combine("south-keys.json")]);
        Assert.True(saved.ExitCode == 0, saved.ToString());
        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.True(southOnly.ExitCode == 0, southOnly.ToString());
        var southReceipt = await HandoffCli.RunAsync(Deadline, [.. south, "receipt", inbound, "--out", _files.Combine("south-receipt.json")]);
        Assert.True(southReceipt.ExitCode == 0, southReceipt.ToString());

        var verified = await HandoffCli.RunAsync(Deadline, ["receipt", "verify", _files.Combine("receipt.json"), "--keys", _files.Combine("north-keys.json"), "--files", _files.Combine("received"), "--transfer", transferId]);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains($"valid: transfer {transferId}", verified.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("relayed back", verified.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("confirmed by cardiac-r", verified.StandardOutput, StringComparison.Ordinal);

        // Unchanged: north's copy carries south's receipt and countersignature byte for byte.
        using var northDocument = JsonDocument.Parse(File.ReadAllText(_files.Combine("receipt.json")));
        using var southDocument = JsonDocument.Parse(File.ReadAllText(_files.Combine("south-receipt.json")));
        Assert.Equal(southDocument.RootElement.GetProperty("receipt").GetString(), northDocument.RootElement.GetProperty("receipt").GetString());
        Assert.Equal(southDocument.RootElement.GetProperty("countersignatures")[0].GetString(), northDocument.RootElement.GetProperty("countersignatures")[0].GetString());
        // South's keys alone do not make north's copy verify: to south, cardiac-r is its own facility, which south alone countersigns.
        var withoutNorth = await HandoffCli.RunAsync(Deadline, ["receipt", "verify", _files.Combine("receipt.json"), "--keys", _files.Combine("south-keys.json")]);
        Assert.Equal(6, withoutNorth.ExitCode);
        Assert.Contains("countersignature as well", withoutNorth.StandardError, StringComparison.Ordinal);
        // North's export lists south's two signing keys under south's name, and no key of south for a facility of north.
        var northKeys = ReceiptKeySet.Load(_files.Combine("north-keys.json"));
        Assert.Equal(2, northKeys.Keys.Count(key => key.Network == "south"));
        Assert.All(northKeys.Keys.Where(key => key.Network == "south" && key.Role == ReceiptPublicKey.FacilityRole), key => Assert.Equal("cardiac-r", key.Facility));
    }
}
