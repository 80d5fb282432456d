using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Handoff.Azure.Tests.Infrastructure;

/// <summary>
/// A real Azurite (the repository's node_modules/.bin/azurite, installed by test.sh through npm) on free loopback
/// ports with a temp --location; ready once the blob and table ports answer HTTP; killed and its folder removed on
/// dispose. No test depends on an Azurite started by hand.
/// </summary>
public sealed class AzuriteProcess : IAsyncLifetime
{
    /// <summary>The well-known development account key every Azurite accepts (public, not a secret).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private readonly TempFolder _location = new("azurite");
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int BlobPort { get; private set; }

    public int TablePort { get; private set; }

    public string ConnectionString => For(BlobPort, TablePort);

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>A connection string to the development account on the given ports (which may have no listener).</summary>
    public static string For(int blobPort, int tablePort) => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(3);
        (BlobPort, TablePort) = (ports[0], ports[2]);
        var start = new ProcessStartInfo(FindAzurite())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--skipApiVersionCheck", "--silent", "--location", _location.Path,
            "--blobHost", "127.0.0.1", "--blobPort", Port(ports[0]),
            "--queueHost", "127.0.0.1", "--queuePort", Port(ports[1]),
            "--tableHost", "127.0.0.1", "--tablePort", Port(ports[2]),
        ];
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        _process?.Dispose();
        _location.Dispose();
        return Task.CompletedTask;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartDeadline;
        foreach (var port in new[] { BlobPort, TablePort })
        {
            while (!await AnswersAsync(http, port))
            {
                if (_process!.HasExited)
                    throw new InvalidOperationException($"azurite exited with {_process.ExitCode}:\n{Output}");
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"azurite did not answer on port {port} within {StartDeadline}:\n{Output}");
                // The interval between two questions, not a guess at how long starting takes: the answer decides.
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Any HTTP answer (403 without a signature) means the service is listening and parsing requests.</summary>
    private static async Task<bool> AnswersAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port(port)}/devstoreaccount1?comp=list"));
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static string FindAzurite()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("node_modules/.bin/azurite not found above the test folder: run `npm ci` at the repository root (test.sh does)");
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private void Capture(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
