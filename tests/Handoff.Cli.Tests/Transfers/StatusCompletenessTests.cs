using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// `handoff status` of a study sent with a slice left behind: the destination sees the transfer INCOMPLETE, the
/// series with the missing Instance Number, as text and as JSON.
/// </summary>
public sealed class StatusCompletenessTests : IAsyncLifetime
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
    public async Task Status_StudySentWithASliceLeftBehind_ShowsTheGapAndIncomplete_TextAndJson()
    {
        var keyA = _server.AddFacility("scli-a");
        var keyB = _server.AddFacility("scli-b");
        var paths = SyntheticCtStudy.Write(_files.Combine("study"), new SyntheticStudyOptions { Slices = 5, Seed = 1505, Rows = 64, Columns = 64 });
        File.Delete(paths[2]); // Instance Number 3
        var send = _server.Handoff(keyA, "send", _files.Combine("study"), "--to", "scli-b");
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.StandardOutput.Trim().Split('\n')[^1].Trim();

        var text = await Poll.ForAsync(() =>
        {
            var status = _server.Handoff(keyB, "status", transferId);
            return Task.FromResult(status.StandardOutput.Contains("incomplete  ", StringComparison.Ordinal) ? status : null);
        }, TimeSpan.FromMinutes(1), "status showing the incomplete event");
        var json = _server.Handoff(keyB, "status", transferId, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("(INCOMPLETE)", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("3 (1 missing)", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("instance numbers 3 missing", text.StandardOutput, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.StandardOutput);
        var root = document.RootElement;
        Assert.True(root.GetProperty("incomplete").GetBoolean());
        var study = root.GetProperty("studies")[0];
        Assert.True(study.GetProperty("incomplete").GetBoolean());
        var series = study.GetProperty("series")[0];
        Assert.Equal(4, series.GetProperty("instancesAvailable").GetInt32());
        Assert.Equal(1, series.GetProperty("instancesMissing").GetInt32());
        var gap = series.GetProperty("missingInstanceNumbers")[0];
        Assert.Equal((3, 3), (gap.GetProperty("first").GetInt32(), gap.GetProperty("last").GetInt32()));
        Assert.Equal(1.25, series.GetProperty("sliceThickness").GetDouble(), 3);
        Assert.Contains(root.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "incomplete");
    }
}
