using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// `status --watch` and `inbox --watch`: a person (or a script reading JSON lines) sees a transfer's events as they
/// happen; a transfer's watch ends by itself at a final state, an inbox watch runs until stopped.
/// `receive --watch`: a standing receiver puts every arriving transfer in a folder of its own and acknowledges it.
/// </summary>
public sealed class WatchTests : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private readonly ServerProcess _server;

    public WatchTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public void StatusWatch_AcknowledgedTransfer_PrintsItsTimelineAndEndsAtTheFinalState()
    {
        var (sender, receiver) = Facilities("watch-status");
        using var folder = new TempFolder();
        WriteStudy(folder.Combine("in"), seed: 231);
        var send = _server.Handoff(sender.Key, "send", folder.Combine("in"), "--to", receiver.Id);
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = LastLine(send.StandardOutput);
        Assert.Equal(0, _server.Handoff(receiver.Key, "receive", transferId, "--out", folder.Combine("out")).ExitCode);

        var watch = _server.Handoff(sender.Key, "status", transferId, "--watch", "--json");

        Assert.True(watch.ExitCode == 0, watch.ToString());
        var events = JsonLines(watch.StandardOutput);
        Assert.Equal("created", events[0].GetProperty("type").GetString());
        Assert.Equal(4, events.Count(e => e.GetProperty("type").GetString() == "instance-available"));
        Assert.Equal("acknowledged", events[^1].GetProperty("state").GetString());
        var sequences = events.Select(e => e.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(sequences.Order().Distinct(), sequences);
    }

    [Fact]
    public async Task InboxWatch_TransferArrives_ItsEventsAppearLive()
    {
        var (sender, receiver) = Facilities("watch-inbox");
        using var folder = new TempFolder();
        WriteStudy(folder.Path, seed: 232);
        await using var watch = HandoffCli.Start(Deadline, "--server", _server.Address, "--key", receiver.Key, "inbox", "--watch", "--json");

        var send = _server.Handoff(sender.Key, "send", folder.Path, "--to", receiver.Id);
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = LastLine(send.StandardOutput);
        await Poll.UntilAsync(() => JsonLines(watch.StandardOutput).Any(e => e.GetProperty("type").GetString() == "available"), Deadline, "the inbox watch showing the transfer available");

        var events = JsonLines(watch.StandardOutput);
        Assert.All(events, e => Assert.Equal(transferId, e.GetProperty("transferId").GetString()));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "created");
        Assert.False(watch.Process.HasExited, "an inbox watch runs until it is stopped");
    }

    [Fact]
    public async Task ReceiveWatch_TransfersSentWhileItRuns_EachInItsOwnFolderByteIdenticalAndAcknowledged()
    {
        var (sender, receiver) = Facilities("watch-receive");
        using var folder = new TempFolder();
        await using var watch = HandoffCli.Start(Deadline, "--server", _server.Address, "--key", receiver.Key, "receive", "--watch", "--out", folder.Combine("inbox"), "--json");

        var transferIds = new List<string>();
        foreach (var seed in new[] { 233, 234 })
        {
            WriteStudy(folder.Combine($"sent-{seed}"), seed);
            var send = _server.Handoff(sender.Key, "send", folder.Combine($"sent-{seed}"), "--to", receiver.Id);
            Assert.True(send.ExitCode == 0, send.ToString());
            transferIds.Add(LastLine(send.StandardOutput));
        }
        await Poll.UntilAsync(() => JsonLines(watch.StandardOutput).Count(e => e.GetProperty("step").GetString() == "received") == 2, Deadline, "both transfers received");

        var received = JsonLines(watch.StandardOutput).Where(e => e.GetProperty("step").GetString() == "received").ToList();
        Assert.Equal(transferIds.Order(), received.Select(e => e.GetProperty("transferId").GetString()!).Order());
        Assert.All(received, e => Assert.True(e.GetProperty("acknowledged").GetBoolean()));
        for (var i = 0; i < transferIds.Count; i++)
            Assert.Empty(SentFolder.Read(folder.Combine($"sent-{233 + i}")).DifferencesFromReceived(folder.Combine("inbox", transferIds[i])));
        Assert.False(watch.Process.HasExited, "a standing receiver runs until it is stopped");
    }

    [Theory]
    [InlineData("receive", "--out", "/tmp/handoff-nowhere")]
    [InlineData("receive", "0f8fad5b-d9cb-469f-a165-70867728950e", "--watch", "--out", "/tmp/handoff-nowhere")]
    [InlineData("receive", "--watch", "--concurrent", "0", "--out", "/tmp/handoff-nowhere")]
    public void Receive_TransferAndWatchMixedUp_UsageErrorInOneLine(params string[] arguments)
    {
        var (_, receiver) = Facilities($"watch-usage-{arguments.Length}");

        var result = _server.Handoff(receiver.Key, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.False(Directory.Exists("/tmp/handoff-nowhere"));
    }

    private ((string Id, string Key) Sender, (string Id, string Key) Receiver) Facilities(string test)
    {
        var sender = $"{test}-a";
        var receiver = $"{test}-b";
        return ((sender, _server.AddFacility(sender)), (receiver, _server.AddFacility(receiver)));
    }

    private static void WriteStudy(string directory, int seed) =>
        SyntheticCtStudy.Write(directory, new SyntheticStudyOptions { Slices = 4, Series = 1, Seed = seed, Rows = 64, Columns = 64 });

    private static string LastLine(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];

    /// <summary>Every complete JSON line printed so far (a line still being written is left for the next look).</summary>
    private static List<JsonElement> JsonLines(string output)
    {
        var events = new List<JsonElement>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                events.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                // Not a whole line yet.
            }
        }
        return events;
    }
}
