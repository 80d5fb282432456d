using Handoff.Cli.Tests.Infrastructure;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// `handoff reconcile` through the executable: the destination sets the local identity and gets one line that does
/// not repeat it; `status` shows the reconciled event; the source is refused with a non-zero exit and one line on
/// stderr; a missing --issuer is a usage error.
/// </summary>
public sealed class ReconcileCommandTests : IAsyncLifetime
{
    private readonly TempFolder _files = new();
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public void Reconcile_ByDestination_OneLineWithoutTheIdentity_BySource_RefusedInOneLine()
    {
        var keyA = _server.AddFacility("rcli-a");
        var keyB = _server.AddFacility("rcli-b");
        SyntheticCtStudy.Write(_files.Combine("study"), new SyntheticStudyOptions { Slices = 2, Seed = 77 });
        var send = _server.Handoff(keyA, "send", _files.Combine("study"), "--to", "rcli-b");
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.StandardOutput.Trim().Split('\n')[^1].Trim();

        var reconciled = _server.Handoff(keyB, "reconcile", transferId, "--patient-id", "RV-000042", "--issuer", "RIVERSIDE", "--patient-name", "DOE^JANE");
        var status = _server.Handoff(keyB, "status", transferId);
        var bySource = _server.Handoff(keyA, "reconcile", transferId, "--patient-id", "RV-000043", "--issuer", "RIVERSIDE");
        var noIssuer = _server.Handoff(keyB, "reconcile", transferId, "--patient-id", "RV-000042");

        Assert.True(reconciled.ExitCode == 0, reconciled.ToString());
        Assert.Equal($"transfer {transferId}: patient reconciled (issuer RIVERSIDE)", reconciled.StandardOutput.Trim());
        Assert.Contains("reconciled", status.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("RV-000042", status.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, bySource.ExitCode);
        Assert.Single(bySource.ErrorLines);
        Assert.Contains("destination", bySource.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, noIssuer.ExitCode);
        Assert.Contains("--issuer", noIssuer.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_IdentityOnStandardInput_NothingOfThePatientOnTheCommandLine()
    {
        var keyA = _server.AddFacility("rcli-c");
        var keyB = _server.AddFacility("rcli-d");
        SyntheticCtStudy.Write(_files.Combine("study2"), new SyntheticStudyOptions { Slices = 2, Seed = 78 });
        var send = _server.Handoff(keyA, "send", _files.Combine("study2"), "--to", "rcli-d");
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.StandardOutput.Trim().Split('\n')[^1].Trim();
        string[] arguments = ["--server", _server.Address, "--key", keyB, "reconcile", transferId, "--identity-stdin"];

        var reconciled = ProcessRunner.HandoffWithInput("patient-id=RV-000044\nissuer=RIVERSIDE\npatient-name=DOE^JOHN\n", arguments);
        var garbled = ProcessRunner.HandoffWithInput("patient-id=RV-000045\nmrn=SECRET-VALUE\n", arguments);
        var both = ProcessRunner.HandoffWithInput("issuer=RIVERSIDE\n", [.. arguments, "--patient-id", "RV-000046"]);

        Assert.True(reconciled.ExitCode == 0, reconciled.ToString());
        Assert.Equal($"transfer {transferId}: patient reconciled (issuer RIVERSIDE)", reconciled.StandardOutput.Trim());
        Assert.NotEqual(0, garbled.ExitCode);
        Assert.Contains("line 2", garbled.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-VALUE", garbled.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Single(both.ErrorLines);
        using var api = new Handoff.Client.HandoffClient(_server.ClientOptions(keyB));
        Assert.Equal("RV-000044", (await api.GetTransferAsync(transferId)).Reconciliation.PatientId);
    }
}
