using System.Globalization;
using System.Text.Json;

namespace Handoff.Testing;

/// <summary>
/// Orthanc (Debian package `orthanc`) as a real PACS: its own storage and index in a temporary folder, DICOM and
/// HTTP on free ports, the modalities it may open associations to (for C-MOVE and storage commitment reports),
/// no plugins, no authentication (it listens on every interface of a machine with no network but loopback).
/// </summary>
public sealed class OrthancPeer : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly DicomPeer _process;

    private OrthancPeer(TempFolder folder, DicomPeer process, string aeTitle, int dicomPort, int httpPort)
    {
        _folder = folder;
        _process = process;
        AeTitle = aeTitle;
        DicomPort = dicomPort;
        HttpPort = httpPort;
    }

    /// <summary>Debian's build of Orthanc's DICOMweb plugin.</summary>
    public const string DicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    public string AeTitle { get; }

    public int DicomPort { get; }

    public int HttpPort { get; }

    /// <summary>Its REST API (no authentication: the test's own instance on loopback).</summary>
    public HttpClient Http { get; } = new();

    /// <summary>Starts Orthanc and waits until its REST API answers.</summary>
    public static Task<OrthancPeer> StartAsync(string aeTitle, TimeSpan deadline, params (string AeTitle, int Port)[] modalities) =>
        StartAsync(aeTitle, deadline, modalities, dicomWebServers: null);

    /// <summary>Its DICOMweb root (the plugin's STOW-RS, QIDO-RS and WADO-RS), when started with the plugin.</summary>
    public Uri DicomWebRoot => new(Http.BaseAddress!, "dicom-web/");

    /// <summary>
    /// Starts Orthanc with its DICOMweb plugin (Debian package `orthanc-dicomweb`), serving DICOMweb at /dicom-web/
    /// and knowing <paramref name="dicomWebServers"/> (name → base URL and the bearer key it sends) as DICOMweb servers
    /// it can STOW to and retrieve from.
    /// </summary>
    /// <param name="aeTitle">Its AE title.</param>
    /// <param name="deadline">How long it may take to answer.</param>
    /// <param name="dicomWebServers">The DICOMweb servers it knows.</param>
    /// <param name="httpPort">Its HTTP port (REST and DICOMweb); a free one when null.</param>
    public static Task<OrthancPeer> StartWithDicomWebAsync(string aeTitle, TimeSpan deadline, IReadOnlyDictionary<string, (Uri Url, string? BearerKey)> dicomWebServers, int? httpPort = null) =>
        StartAsync(aeTitle, deadline, [], dicomWebServers ?? throw new ArgumentNullException(nameof(dicomWebServers)), httpPort);

    private static async Task<OrthancPeer> StartAsync(string aeTitle, TimeSpan deadline, (string AeTitle, int Port)[] modalities,
        IReadOnlyDictionary<string, (Uri Url, string? BearerKey)>? dicomWebServers, int? httpPort = null)
    {
        var folder = new TempFolder("orthanc");
        var ports = FreePorts.Take(2);
        if (httpPort is { } chosen)
            ports[1] = chosen;
        var config = new Dictionary<string, object>
        {
            ["Name"] = aeTitle,
            ["DicomAet"] = aeTitle,
            ["DicomPort"] = ports[0],
            ["HttpPort"] = ports[1],
            ["StorageDirectory"] = folder.Combine("storage"),
            ["IndexDirectory"] = folder.Combine("index"),
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["DicomCheckCalledAet"] = true,
            ["SaveJobs"] = false,
            ["Plugins"] = dicomWebServers is null ? Array.Empty<string>() : [DicomWebPlugin],
            ["DicomModalities"] = modalities.ToDictionary(m => m.AeTitle.ToLowerInvariant(), m => (object)new object[] { m.AeTitle, "127.0.0.1", m.Port }),
        };
        if (dicomWebServers is not null)
        {
            config["DicomWeb"] = new Dictionary<string, object>
            {
                ["Enable"] = true,
                ["Root"] = "/dicom-web/",
                ["Servers"] = dicomWebServers.ToDictionary(s => s.Key, s => (object)new Dictionary<string, object>
                {
                    ["Url"] = s.Value.Url.ToString(),
                    ["HttpHeaders"] = s.Value.BearerKey is { } key ? new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" } : new Dictionary<string, string>(),
                }),
            };
        }
        File.WriteAllText(folder.Combine("orthanc.json"), JsonSerializer.Serialize(config));
        var process = DicomPeer.Start("Orthanc", folder.Combine("orthanc.json"));
        var peer = new OrthancPeer(folder, process, aeTitle, ports[0], ports[1]);
        var http = peer.Http;
        http.BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[1]}/"));
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Orthanc exited: {process.StandardError}");
            try
            {
                return (await http.GetAsync("system")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, deadline, "Orthanc answering on its REST API");
        return peer;
    }

    /// <summary>Stores files through the REST API (POST /instances), as an import would.</summary>
    public async Task LoadAsync(params string[] files)
    {
        foreach (var file in files)
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
            using var response = await Http.PostAsync("instances", content);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Orthanc's own id of the study with this Study Instance UID (what its REST API names resources by).</summary>
    public async Task<string> StudyIdAsync(string studyInstanceUid)
    {
        using var lookup = new StringContent(studyInstanceUid);
        using var found = await Http.PostAsync("tools/lookup", lookup);
        found.EnsureSuccessStatusCode();
        var matches = JsonDocument.Parse(await found.Content.ReadAsStringAsync()).RootElement;
        return matches.EnumerateArray().Single(m => m.GetProperty("Type").GetString() == "Study").GetProperty("ID").GetString()!;
    }

    /// <summary>The DICOM file Orthanc holds for a SOP Instance UID, or null.</summary>
    public async Task<byte[]?> FileOfAsync(string sopInstanceUid)
    {
        using var lookup = new StringContent(sopInstanceUid);
        using var found = await Http.PostAsync("tools/lookup", lookup);
        var matches = JsonDocument.Parse(await found.Content.ReadAsStringAsync()).RootElement;
        foreach (var match in matches.EnumerateArray())
        {
            if (match.GetProperty("Type").GetString() == "Instance")
                return await Http.GetByteArrayAsync($"instances/{match.GetProperty("ID").GetString()}/file");
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        _folder.Dispose();
    }
}
