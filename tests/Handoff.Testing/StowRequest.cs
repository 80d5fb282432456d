using System.Net.Http.Headers;

namespace Handoff.Testing;

/// <summary>
/// A STOW-RS request body as DICOMweb clients send it: <c>multipart/related; type="application/dicom"</c>, one part
/// per instance file, with parts of other content types or bytes added for hostile cases.
/// </summary>
public sealed class StowRequest
{
    private readonly MultipartContent _content;

    public StowRequest(string type = "application/dicom")
    {
        _content = new MultipartContent("related", $"handoff-test-{Guid.NewGuid():N}");
        _content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", $"\"{type}\""));
    }

    public int Parts { get; private set; }

    public StowRequest AddFile(string path, string contentType = "application/dicom") => AddBytes(File.ReadAllBytes(path), contentType);

    public StowRequest AddFiles(IEnumerable<string> paths)
    {
        foreach (var path in paths)
            AddFile(path);
        return this;
    }

    public StowRequest AddBytes(byte[] bytes, string contentType = "application/dicom")
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        _content.Add(part);
        Parts++;
        return this;
    }

    public HttpContent ToContent() => _content;

    /// <summary>POSTs to the server's web endpoint at <paramref name="path"/> with the facility key (none when null).</summary>
    public async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri webAddress, string path, string? key)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(webAddress, path))
        {
            Content = _content,
            Version = http.DefaultRequestVersion,
            VersionPolicy = http.DefaultVersionPolicy,
        };
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/dicom+json"));
        return await http.SendAsync(request);
    }
}
