using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Client;
using Handoff.Client.Receipts;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Receipts;

/// <summary>
/// Signed receipts through the executable against a real server: the destination makes its key on its own machine,
/// receives with it, and the source saves the receipt and checks it offline with the exported keys. Each forgery the
/// issue names is refused by `verify`: a byte changed, files that do not match, a key never registered, and a
/// receipt passed off for another transfer.
/// </summary>
public sealed class ReceiptCommandTests : IClassFixture<ServerFixture>
{
    private readonly ServerProcess _server;

    public ReceiptCommandTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public void SignedReceipt_VerifiesOffline_AndEveryForgeryIsRefused()
    {
        using var folder = new TempFolder();
        var (sender, receiver) = Facilities("rcpt");
        var keyFile = folder.Combine("riverside-receipt.pem");
        var created = _server.Handoff(receiver.Key, "receipt", "key", "create", "--out", keyFile);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("registered for rcpt-b", created.StandardOutput, StringComparison.Ordinal);
        var first = SendAndReceive(sender, receiver, folder, "one", seed: 301, keyFile);
        var second = SendAndReceive(sender, receiver, folder, "two", seed: 302, keyFile);

        var saved = _server.Handoff(sender.Key, "receipt", first, "--out", folder.Combine("one.receipt.json"));
        var savedSecond = _server.Handoff(sender.Key, "receipt", second, "--out", folder.Combine("two.receipt.json"));
        var exported = _server.Handoff(sender.Key, "receipt", "keys", "--out", folder.Combine("keys.json"));
        Assert.True(saved.ExitCode == 0, saved.ToString());
        Assert.True(savedSecond.ExitCode == 0, savedSecond.ToString());
        Assert.True(exported.ExitCode == 0, exported.ToString());
        using (var status = JsonDocument.Parse(_server.Handoff(sender.Key, "status", first, "--json").StandardOutput))
            Assert.True(status.RootElement.GetProperty("acknowledgement").GetProperty("signed").GetBoolean());

        var valid = Verify(folder, "one.receipt.json", "--files", folder.Combine("one-out"), "--transfer", first);
        Assert.True(valid.ExitCode == 0, valid.ToString());
        Assert.Contains($"valid: transfer {first}", valid.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("confirmed by rcpt-b", valid.StandardOutput, StringComparison.Ordinal);

        // A byte changed in what the facility signed.
        var document = JsonNode.Parse(File.ReadAllText(folder.Combine("one.receipt.json")))!;
        var receipt = document["receipt"]!.GetValue<string>();
        var payloadStart = receipt.IndexOf('.', StringComparison.Ordinal) + 10;
        WriteVariant(folder, "altered.json", document, receipt[..payloadStart] + (receipt[payloadStart] == 'A' ? 'B' : 'A') + receipt[(payloadStart + 1)..]);
        AssertRefused(Verify(folder, "altered.json"), "does not match");

        // Files that are not what was confirmed.
        CopyDirectory(folder.Combine("one-out"), folder.Combine("one-changed"));
        var victim = Directory.GetFiles(folder.Combine("one-changed"), "*.dcm", SearchOption.AllDirectories)[0];
        var bytes = File.ReadAllBytes(victim);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(victim, bytes);
        AssertRefused(Verify(folder, "one.receipt.json", "--files", folder.Combine("one-changed")), "no file in");

        // The same content signed with a key that was never registered.
        using (var rogue = ReceiptSigningKey.Create(folder.Combine("rogue.pem")))
        {
            var content = ReceiptContent.FromJson(Base64Url.DecodeFromChars(receipt.Split('.')[1]));
            WriteVariant(folder, "rogue.json", document, rogue.Sign(content));
        }
        AssertRefused(Verify(folder, "rogue.json"), "not a registered key");

        // The first transfer's receipt passed off as the second's: relabelled, with the second's countersignature, or checked for it.
        var relabelled = document.DeepClone();
        relabelled["transferId"] = second;
        File.WriteAllText(folder.Combine("relabelled.json"), relabelled.ToJsonString());
        AssertRefused(Verify(folder, "relabelled.json"), "countersignature binds");
        var spliced = document.DeepClone();
        spliced["countersignatures"] = JsonNode.Parse(File.ReadAllText(folder.Combine("two.receipt.json")))!["countersignatures"]!.DeepClone();
        File.WriteAllText(folder.Combine("spliced.json"), spliced.ToJsonString());
        AssertRefused(Verify(folder, "spliced.json"), "countersigns another receipt");
        AssertRefused(Verify(folder, "one.receipt.json", "--transfer", second), $"not of transfer {second}");
    }

    [Fact]
    public async Task FacilityWithAKey_UnsignedOrForeignSignedAcknowledgements_AreRefused_AndTheTransferStaysUnacknowledged()
    {
        using var folder = new TempFolder();
        var (sender, receiver) = Facilities("rcpt-refuse");
        var keyFile = folder.Combine("receipt.pem");
        Assert.Equal(0, _server.Handoff(receiver.Key, "receipt", "key", "create", "--out", keyFile).ExitCode);
        SyntheticCtStudy.Write(folder.Combine("in"), new SyntheticStudyOptions { Slices = 3, Seed = 303 });
        var send = _server.Handoff(sender.Key, "send", folder.Combine("in"), "--to", receiver.Id);
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.StandardOutput.Trim().Split('\n')[^1].Trim();

        var unsigned = _server.Handoff(receiver.Key, "receive", transferId, "--out", folder.Combine("out"));
        Assert.NotEqual(0, unsigned.ExitCode);
        Assert.Single(unsigned.ErrorLines);
        Assert.Contains("signed", unsigned.StandardError, StringComparison.Ordinal);

        // The sender's own key file, registered to the sender, cannot sign for the destination.
        var senderKeyFile = folder.Combine("sender.pem");
        Assert.Equal(0, _server.Handoff(sender.Key, "receipt", "key", "create", "--out", senderKeyFile).ExitCode);
        using var senderKey = ReceiptSigningKey.Load(senderKeyFile);
        using var client = new HandoffClient(_server.ClientOptions(receiver.Key) with { ReceiptSigningKey = senderKey });
        var manifest = await client.GetManifestAsync(transferId);
        var entries = FolderReceipt.Compute(manifest, folder.Combine("out")).Entries;
        var foreign = await Assert.ThrowsAnyAsync<HandoffException>(() => client.AcknowledgeAsync(transferId, entries));
        Assert.Contains("not a registered receipt key of facility rcpt-refuse-b", foreign.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<HandoffRefusedException>(() => client.GetReceiptAsync(transferId));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(Handoff.Protos.V1.TransferState.Delivered, (await client.GetTransferAsync(transferId)).State);

        var signed = _server.Handoff(receiver.Key, "ack", transferId, "--out", folder.Combine("out"), "--receipt-key", keyFile);
        Assert.True(signed.ExitCode == 0, signed.ToString());
        Assert.NotEmpty((await client.GetTransferAsync(transferId)).Acknowledgement.ReceiptKeyId);
    }

    private string SendAndReceive((string Id, string Key) sender, (string Id, string Key) receiver, TempFolder folder, string name, int seed, string keyFile)
    {
        SyntheticCtStudy.Write(folder.Combine(name + "-in"), new SyntheticStudyOptions { Slices = 4, Series = 2, Seed = seed });
        var send = _server.Handoff(sender.Key, "send", folder.Combine(name + "-in"), "--to", receiver.Id);
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.StandardOutput.Trim().Split('\n')[^1].Trim();
        var receive = _server.Handoff(receiver.Key, "receive", transferId, "--out", folder.Combine(name + "-out"), "--receipt-key", keyFile);
        Assert.True(receive.ExitCode == 0, receive.ToString());
        return transferId;
    }

    private static ProcessResult Verify(TempFolder folder, string receipt, params string[] more) =>
        ProcessRunner.Handoff(["receipt", "verify", folder.Combine(receipt), "--keys", folder.Combine("keys.json"), .. more]);

    private static void AssertRefused(ProcessResult result, string reason)
    {
        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.Single(result.ErrorLines);
        Assert.Contains("NOT valid", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
    }

    private static void WriteVariant(TempFolder folder, string name, JsonNode document, string receipt)
    {
        var variant = document.DeepClone();
        variant["receipt"] = receipt;
        File.WriteAllText(folder.Combine(name), variant.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private ((string Id, string Key) Sender, (string Id, string Key) Receiver) Facilities(string test)
    {
        var sender = $"{test}-a";
        var receiver = $"{test}-b";
        return ((sender, _server.AddFacility(sender)), (receiver, _server.AddFacility(receiver)));
    }
}
