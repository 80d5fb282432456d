using System.Diagnostics;
using Handoff.Azure.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;
using Xunit.Abstractions;

namespace Handoff.Azure.Tests;

/// <summary>
/// The storage service goes away in the middle of a transfer and comes back (same data): meanwhile calls that need
/// storage answer UNAVAILABLE, saying so, the clients keep retrying with back-off, and the transfer then completes.
/// It has an Azurite of its own, since it stops it; it shares the collection only to run alone.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageOutageTests : IAsyncLifetime
{
    private const int Slices = 300;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private readonly AzuriteProcess _azurite = new();
    private readonly TempFolder _files = new("outage");
    private readonly ITestOutputHelper _output;

    public StorageOutageTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Transfer_StorageStoppedAndRestartedMidUpload_CallsUnavailableThenTransferCompletes()
    {
        await using var cluster = await SiloCluster.StartAsync(_azurite.ConnectionString, silos: 2);
        var keyA = await cluster.RegisterFacilityAsync("out-a");
        var keyB = await cluster.RegisterFacilityAsync("out-b");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 71, slices: Slices, rows: 192, columns: 192);
        var progress = new TransferProgress(new HandoffApi(cluster.Silos[1], keyB), Deadline);
        var received = _files.Combine("received");

        await using var send = HandoffCli.Start(Deadline, "--server", cluster.Addresses(0, 1), "--key", keyA, "--retry-for", "3m",
            "send", _files.Combine("study"), "--to", "out-b");
        var transferId = await progress.WaitForIncomingAsync();
        await using var receive = HandoffCli.Start(Deadline, "--server", cluster.Addresses(1, 0), "--key", keyB, "--retry-for", "3m",
            "receive", transferId, "--out", received);
        var availableAtStop = await progress.WaitForAvailableAsync(transferId, Slices / 5);
        await _azurite.StopAsync(graceful: true);
        Assert.True(availableAtStop < Slices, $"the upload had already ended ({availableAtStop} instances) when storage stopped");

        // A call that must write state gets UNAVAILABLE naming storage, in the time the storage clients' own retries take.
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<RpcException>(() => HandoffApi.Operator(cluster.Silos[0]).Facilities.RegisterFacilityAsync(
            new RegisterFacilityRequest { FacilityId = "out-late", DisplayName = "Registered during the outage" }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("storage", refused.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        _output.WriteLine($"UNAVAILABLE after {clock.Elapsed.TotalSeconds:F1} s of outage");
        Assert.False(send.Process.HasExited, $"send gave up while storage was down:\n{send.StandardError}");

        await _azurite.StartAgainAsync();
        clock.Restart();
        var sent = await send.Completion;
        Assert.True(sent.ExitCode == 0, sent.ToString());
        _output.WriteLine($"send ended {clock.Elapsed.TotalSeconds:F1} s after storage came back");
        var done = await receive.Completion;
        Assert.True(done.ExitCode == 0, done.ToString());
        _output.WriteLine($"receive ended {clock.Elapsed.TotalSeconds:F1} s after storage came back");

        ReceivedFiles.AssertIdentical(study, received);
        Assert.Equal(TransferState.Acknowledged, (await progress.GetAsync(transferId)).State);
        await ReceivedFiles.AssertStoredOnceAsync(cluster, study);
    }
}
