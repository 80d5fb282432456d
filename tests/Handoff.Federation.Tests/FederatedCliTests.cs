using System.Text.Json;
using Handoff.Federation.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// The operators' and users' commands, as real `handoff` processes: north imports south's facility with
/// `peer import`, lists it with `peer facilities`, sends to it with `send --to facility@south`, and watches the
/// remote side's progress with `status --watch`; south receives and acknowledges with `receive`.
/// </summary>
public sealed class FederatedCliTests : IClassFixture<FederatedPair>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly FederatedPair _pair;
    private readonly TempFolder _files = new("federated-cli");

    public FederatedCliTests(FederatedPair pair) => _pair = pair;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task SendToFacilityAtNetwork_WithTheCli_StatusWatchShowsTheRemoteSideUntilAcknowledged()
    {
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(_pair.North, "rural-f");
        await _pair.ExportFromSouthAsync("stroke-f");
        var destinationKey = (await _pair.SouthOperator.Facilities.RotateFacilityKeyAsync(new Protos.V1.RotateFacilityKeyRequest { FacilityId = "stroke-f" })).ApiKey;
        var north = new[] { "--server", _pair.North.Address };
        var south = new[] { "--server", _pair.South.Address };

        var import = await HandoffCli.RunAsync(Deadline, [.. north, "--key", _pair.North.OperatorKey, "peer", "import", "south", "stroke-f"]);
        Assert.True(import.ExitCode == 0, import.ToString());
        var listed = await HandoffCli.RunAsync(Deadline, [.. north, "--key", _pair.North.OperatorKey, "peer", "facilities"]);
        Assert.Contains("stroke-f@south", listed.StandardOutput, StringComparison.Ordinal);

        var study = LocalStudy.Write(_files.Combine("study"), seed: 86, slices: 12);
        var send = await HandoffCli.RunAsync(Deadline, [.. north, "--key", sourceKey, "send", _files.Combine("study"), "--to", "stroke-f@south", "--priority", "stat"]);
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.LastLine;
        await using var watch = HandoffCli.Start(Deadline, [.. north, "--key", sourceKey, "status", transferId, "--watch", "--json"]);

        var inbound = await Poll.ForAsync(async () =>
        {
            var inbox = await HandoffCli.RunAsync(Deadline, [.. south, "--key", destinationKey, "inbox", "--json"]);
            var transfers = JsonDocument.Parse(inbox.StandardOutput).RootElement.GetProperty("transfers");
            return transfers.GetArrayLength() > 0 ? transfers[0].GetProperty("transferId").GetString() : null;
        }, Deadline, "the relayed transfer in south's inbox");
        var receive = await HandoffCli.RunAsync(Deadline, [.. south, "--key", destinationKey, "receive", inbound, "--out", _files.Combine("received")]);
        Assert.True(receive.ExitCode == 0, receive.ToString());

        var watched = await watch.Completion;
        Assert.True(watched.ExitCode == 0, watched.ToString());
        var types = watched.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("type").GetString()).ToList();
        foreach (var expected in new[] { "relayed", "remote-available", "downloaded", "acknowledged" })
            Assert.Contains(expected, types);
        Assert.Equal("acknowledged", types[^1]);
        var files = Directory.GetFiles(_files.Combine("received"), "*.dcm", SearchOption.AllDirectories).ToDictionary(f => Path.GetFileNameWithoutExtension(f)!);
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(files[instance.SopInstanceUid]));
    }
}
