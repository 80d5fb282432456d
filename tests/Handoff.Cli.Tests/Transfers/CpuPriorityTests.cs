using System.Globalization;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// On a machine shared by several transfers, a receive of a routine transfer yields the CPU (nice 10) and an urgent
/// one less so (nice 5), so STAT work on the same machine is not slowed by them; what the transfer's priority is
/// comes from the server, not from the command line.
/// </summary>
public sealed class CpuPriorityTests : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly ServerProcess _server;

    public CpuPriorityTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Theory]
    [InlineData(Priority.Routine, 10)]
    [InlineData(Priority.Urgent, 5)]
    public async Task Receive_OfATransferStillArriving_RunsEveryThreadAtItsPrioritysNice(Priority priority, int expectedNice)
    {
        var name = $"nice-{priority.ToString().ToLowerInvariant()}";
        var (transferId, receiverKey) = await CreateWaitingTransferAsync(name, priority);
        using var folder = new TempFolder();

        using var receive = RunningHandoff.Start("--server", _server.Address, "--key", receiverKey, "receive", transferId, "--out", folder.Combine("out"));

        var nices = await PollAsync(receive, nices => nices.Count > 0 && nices.All(n => n == expectedNice));
        Assert.All(nices, n => Assert.Equal(expectedNice, n));
    }

    /// <summary>A transfer whose study is declared and never uploaded: a receive of it waits for instances.</summary>
    private async Task<(string TransferId, string ReceiverKey)> CreateWaitingTransferAsync(string name, Priority priority)
    {
        var sender = new HandoffApi(_server, _server.AddFacility(name + "-a"));
        var receiverKey = _server.AddFacility(name + "-b");
        using var folder = new TempFolder();
        var study = LocalStudy.Write(folder.Combine("in"), seed: 611 + (int)priority, slices: 2, chunkSize: 1024 * 1024);
        await ChunkUpload.DeclareAsync(sender, study);
        var create = new CreateTransferRequest { RequestId = Guid.NewGuid().ToString(), DestinationFacilityId = name + "-b", Priority = priority };
        create.StudyInstanceUids.Add(study.StudyInstanceUid);
        return ((await sender.Transfers.CreateTransferAsync(create)).Id, receiverKey);
    }

    private static async Task<List<int>> PollAsync(RunningHandoff process, Func<List<int>, bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var nices = new List<int>();
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            nices = ThreadNices(process.ProcessId);
            if (done(nices))
                return nices;
            await Task.Delay(50);
        }
        Assert.False(process.HasExited, "the receive ended before its transfer arrived");
        return nices;
    }

    /// <summary>The nice value of every thread of a process (field 19 of /proc/PID/task/TID/stat).</summary>
    private static List<int> ThreadNices(int pid)
    {
        var nices = new List<int>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                nices.Add(int.Parse(fields[16], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        return nices;
    }
}
