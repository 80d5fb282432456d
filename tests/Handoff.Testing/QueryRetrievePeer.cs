using System.Globalization;

namespace Handoff.Testing;

/// <summary>
/// dcmtk's dcmqrscp as a source PACS: one storage area (AE title <see cref="AeTitle"/>, read/write, any peer) in a
/// temporary folder, on a free port, with move destinations it may C-STORE to. Loaded with storescu.
/// </summary>
public sealed class QueryRetrievePeer : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly DicomPeer _process;

    private QueryRetrievePeer(TempFolder folder, DicomPeer process, int port)
    {
        _folder = folder;
        _process = process;
        Port = port;
    }

    public const string AeTitle = "SOURCE_PACS";

    public int Port { get; }

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts it; <paramref name="moveDestinations"/> are AE titles it can send to on 127.0.0.1.</summary>
    public static QueryRetrievePeer Start(params (string AeTitle, int Port)[] moveDestinations)
    {
        var folder = new TempFolder("dcmqrscp");
        var port = FreePorts.Take(1)[0];
        Directory.CreateDirectory(folder.Combine("db"));
        var hosts = string.Join('\n', moveDestinations.Select((d, i) => string.Create(CultureInfo.InvariantCulture, $"dest{i} = ({d.AeTitle}, 127.0.0.1, {d.Port})")));
        File.WriteAllText(folder.Combine("dcmqrscp.cfg"), string.Create(CultureInfo.InvariantCulture, $"""
            NetworkTCPPort  = {port}
            MaxPDUSize      = 16384
            MaxAssociations = 16
            HostTable BEGIN
            {hosts}
            HostTable END
            VendorTable BEGIN
            VendorTable END
            AETable BEGIN
            {AeTitle} {folder.Combine("db")} RW (100, 1024mb) ANY
            AETable END

            """));
        var process = DicomPeer.Start("dcmqrscp", "-c", folder.Combine("dcmqrscp.cfg"));
        return new QueryRetrievePeer(folder, process, port);
    }

    /// <summary>Stores files into it with storescu, retrying until it listens.</summary>
    public async Task LoadAsync(TimeSpan deadline, params string[] files)
    {
        CliResult? last = null;
        await Poll.UntilAsync(async () =>
        {
            last = await DicomPeer.RunAsync(deadline, "storescu", ["-aec", AeTitle, "127.0.0.1", PortText, .. files]);
            return last.ExitCode == 0;
        }, deadline, $"dcmqrscp storing {files.Length} files ({last})");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _folder.Dispose();
    }
}
