using System.Diagnostics;

namespace Handoff.Testing;

/// <summary>
/// dcmtk and other DICOM programs as the other side of a test (echoscu, storescu, storescp, findscu, movescu,
/// dcmqrscp), run with TCP_NODELAY=1 (Debian's dcmtk otherwise waits ~50 ms per message for Nagle). They listen
/// on every interface where they listen at all: this machine has no network beyond loopback.
/// </summary>
public sealed class DicomPeer : IAsyncDisposable
{
    private readonly Process _process;

    private DicomPeer(Process process, CapturedOutput stdout, CapturedOutput stderr)
    {
        _process = process;
        StandardOutput = stdout;
        StandardError = stderr;
    }

    public CapturedOutput StandardOutput { get; }

    public CapturedOutput StandardError { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a program that keeps running (storescp, dcmqrscp) until disposed.</summary>
    public static DicomPeer Start(string program, params string[] arguments)
    {
        var stdout = new CapturedOutput();
        var stderr = new CapturedOutput();
        var process = ChildProcess.Start(program, arguments, stdout, stderr, configure: start => start.Environment["TCP_NODELAY"] = "1");
        return new DicomPeer(process, stdout, stderr);
    }

    /// <summary>Runs a program to its end (echoscu, storescu, findscu); killed at the deadline.</summary>
    public static async Task<CliResult> RunAsync(TimeSpan deadline, string program, params string[] arguments)
    {
        var stdout = new CapturedOutput();
        var stderr = new CapturedOutput();
        using var process = ChildProcess.Start(program, arguments, stdout, stderr, configure: start => start.Environment["TCP_NODELAY"] = "1");
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ChildProcess.Kill(process);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {deadline.TotalSeconds:0} s\n{stdout}\n{stderr}");
        }
        process.WaitForExit(); // both outputs read to their end
        return new CliResult(process.ExitCode, stdout.Text, stderr.Text);
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/> (a peer just started).</summary>
    public static Task WaitListeningAsync(int port, TimeSpan deadline) =>
        Poll.UntilAsync(async () =>
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, deadline, $"a DICOM peer listening on port {port}");

    public ValueTask DisposeAsync()
    {
        ChildProcess.Kill(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
