using Handoff.Contracts.Audit;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// `handoff audit verify` against a real server whose stored audit log is then changed on disk (server stopped, files
/// edited with the server's own storage, server started again): an untouched log verifies, an event changed or removed
/// is named, hashes recomputed over a change are caught by the next signed checkpoint, and a key not trusted fails.
/// </summary>
public sealed class AuditVerifyTests : IAsyncLifetime
{
    private const string Facility = "verify-fac";
    private const int Calls = 300; // more than one sealed segment (256 events)
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private ServerProcess _server = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync([.. RateLimits.Lifted, "--Handoff:Audit:CheckpointEvents=100"]);
        var (api, key) = await HandoffApi.RegisterFacilityAsync(_server, Facility);
        _key = key;
        for (var i = 0; i < Calls; i++)
            await api.Transfers.ListTransfersAsync(new ListTransfersRequest());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Verify_UntouchedLog_ExitZeroWithOneLine()
    {
        var facility = await VerifyAsync(_key);
        var operatorLog = await VerifyAsync(_server.OperatorKey);
        using var folder = new TempFolder();
        var keys = await HandoffCli.RunAsync(Deadline, "--server", _server.Address, "--key", _key, "audit", "keys");
        await File.WriteAllTextAsync(folder.Combine("cluster.pem"), keys.StandardOutput);
        var pinned = await VerifyAsync(_key, "--public-key", folder.Combine("cluster.pem"));

        Assert.True(facility.ExitCode == 0, facility.ToString());
        var line = Assert.Single(facility.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^\d+ events, chain intact, last countersigned at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(through sequence \d+\)$", line);
        Assert.True(operatorLog.ExitCode == 0, operatorLog.ToString());
        Assert.Contains("chain intact", operatorLog.StandardOutput, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", keys.StandardOutput, StringComparison.Ordinal);
        Assert.True(pinned.ExitCode == 0, pinned.ToString());
    }

    [Fact]
    public async Task Verify_EventChangedInStorage_FailsNamingItsSequence()
    {
        await TamperAsync(segment =>
        {
            var original = segment.Events[100];
            segment.Events[100] = original with { Outcome = "denied" };
        });

        var result = await VerifyAsync(_key);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("chain broken at sequence 100:", Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EventRemovedFromStorage_FailsNamingItsSequence()
    {
        await TamperAsync(segment =>
        {
            segment.Events.RemoveAt(150);
            segment.Hashes.RemoveAt(150);
        });

        var result = await VerifyAsync(_key);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("chain broken at sequence 150:", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ChangeWithEveryHashRecomputed_FailsAtTheSignedCheckpoint()
    {
        // Someone who knows the (public) hash rule rewrites an event and every hash after it in the segment; the
        // next checkpoint's signature over the old head no longer matches, and they cannot sign a new one.
        await TamperAsync(segment =>
        {
            segment.Events[20] = segment.Events[20] with { Actor = "someone-else" };
            var previous = segment.PreviousHash;
            for (var i = 0; i < segment.Events.Count; i++)
            {
                var hash = AuditChain.Next(previous, i, segment.Events[i]);
                segment.Hashes[i] = hash;
                previous = hash;
            }
        });

        var result = await VerifyAsync(_key);

        Assert.Equal(6, result.ExitCode);
        Assert.Matches(@"chain broken at sequence \d+: the checkpoint at \d+ does not hold", result.StandardError);
    }

    [Fact]
    public async Task Verify_PublicKeyNotTheClusters_FailsAtTheFirstCheckpoint()
    {
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var folder = new TempFolder();
        var path = folder.Combine("other.pem");
        await File.WriteAllTextAsync(path, other.ExportSubjectPublicKeyInfoPem());

        var result = await VerifyAsync(_key, "--public-key", path);
        var missing = await VerifyAsync(_key, "--public-key", folder.Combine("absent.pem"));

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("not a trusted audit signing key", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--public-key", Assert.Single(missing.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_FacilityNamesAnotherLog_RefusedWithOneLine()
    {
        var result = await VerifyAsync(_key, "--facility", "someone-else");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("own audit events", Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    /// <summary>Stops the server, edits segment 0 of the facility's log on disk, and starts it again on the same data.</summary>
    private async Task TamperAsync(Action<Grains.Audit.AuditLogSegmentGrainState> change)
    {
        _server.Kill();
        using (var stored = new StoredAuditLog(_server.DataPath, Facility))
            await stored.EditSegmentAsync(0, change);
        await _server.RestartAsync();
    }

    private Task<CliResult> VerifyAsync(string key, params string[] arguments) =>
        HandoffCli.RunAsync(Deadline, ["--server", _server.Address, "--key", key, "audit", "verify", .. arguments]);
}
