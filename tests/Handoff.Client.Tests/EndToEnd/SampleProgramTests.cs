using System.Diagnostics;
using System.Text;
using Handoff.Testing;

namespace Handoff.Client.Tests.EndToEnd;

/// <summary>
/// samples/Handoff.Client.Sample, a program on the library alone, run as a real process against a real server: what
/// it sends with one facility's key and receives with another's is the same, byte for byte.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SampleProgramTests(ServerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Sample_SendsFolderAndReceivesIt_ReceivedFilesEqualSent()
    {
        var (_, senderKey) = await fixture.AddFacilityAsync("sample-send");
        var (destination, receiverKey) = await fixture.AddFacilityAsync("sample-recv");
        using var folders = new TempFolder("client-sample");
        var sent = folders.Combine("sent");
        var received = folders.Combine("received");
        StudyFolder.Write(sent, seed: 311, slices: 5, series: 2);

        var (exitCode, output) = await RunAsync(BuildOutput.SampleAssembly("Handoff.Client.Sample"), fixture.Server.Address, senderKey, destination, sent, receiverKey, received);

        Assert.True(exitCode == 0, output);
        Assert.Contains("transfer is acknowledged", output, StringComparison.Ordinal);
        StudyFolder.AssertSame(sent, received);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string assembly, params string[] arguments)
    {
        var start = new ProcessStartInfo(BuildOutput.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the sample still ran after {Deadline}:\n{Text(output)}");
        }
        process.WaitForExit(); // both asynchronous readers have reached the end of their streams
        return (process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }
}
