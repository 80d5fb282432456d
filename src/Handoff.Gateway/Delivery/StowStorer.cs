using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Handoff.Dimse.Storage;

namespace Handoff.Gateway.Delivery;

/// <summary>
/// Stores files into a DICOMweb PACS with STOW-RS (PS3.18 10.5): one request per instance to <c>{url}/studies</c>,
/// the file streamed as sent (its own transfer syntax, never converted). An instance is held only when the PACS
/// answered 200 and names it among the stored instances; a failure the PACS reports for it (202, 409, 4xx) is a
/// refusal with its Failure Reason; no answer, 5xx, 401, 403 or 404 (an outage or a setting to fix) make the PACS
/// unavailable, so the delivery is tried again later and nothing is acknowledged meanwhile.
/// </summary>
internal sealed class StowStorer : IInstanceStorer
{
    /// <summary>One instance's request, upload included: room for a 4 GiB instance at a few MB/s.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(30);

    private readonly DeliveryTarget _target;
    private readonly Uri _studies;
    private readonly HttpClient _http;

    public StowStorer(DeliveryTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var url = target.StowUrl ?? throw new ArgumentException("not a DICOMweb target", nameof(target));
        _target = target;
        _studies = new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/studies");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) }) { Timeout = RequestTimeout };
        if (url.UserInfo.Length > 0)
        {
            var credentials = Uri.UnescapeDataString(url.UserInfo);
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
    }

    public async Task<string?> StoreAsync(StorageScu.FileToStore file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var content = new MultipartContent("related", $"handoff-{Guid.NewGuid():N}");
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var part = new StreamContent(stream);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        content.Add(part);
        using var request = new HttpRequestMessage(HttpMethod.Post, _studies) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/dicom+json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new PacsUnavailableException($"{_target.Name} cannot be reached: {e.Message}", e);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
                throw new PacsUnavailableException($"{_target.Name} answered STOW-RS with {status} {response.ReasonPhrase}");
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new PacsUnavailableException($"{_target.Name} broke off its STOW-RS answer: {e.Message}", e);
            }
            // 202 with the instance among the stored ones is stored with a warning (a PACS that coerced an attribute).
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted && Names(body, "00081199", file.SopInstanceUid) is not null)
                return null;
            return string.Create(CultureInfo.InvariantCulture, $"{file.SopInstanceUid} (STOW-RS {status}{FailureReason(body, file.SopInstanceUid)})");
        }
    }

    public Task ReleaseAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>", failure reason 0xNNNN" when the answer gives one for the instance, else "".</summary>
    private static string FailureReason(string body, string sopInstanceUid)
    {
        if (Names(body, "00081198", sopInstanceUid) is not { } failed || !failed.TryGetProperty("00081197", out var code)
            || !code.TryGetProperty("Value", out var values) || values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0
            || !values[0].TryGetInt32(out var reason))
            return "";
        return string.Create(CultureInfo.InvariantCulture, $", failure reason 0x{reason:X4}");
    }

    /// <summary>The item of a response sequence (stored or failed) that names the instance, or null.</summary>
    private static JsonElement? Names(string body, string sequence, string sopInstanceUid)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty(sequence, out var element) || !element.TryGetProperty("Value", out var items))
                return null;
            foreach (var item in items.EnumerateArray())
            {
                if (item.TryGetProperty("00081155", out var uid) && uid.GetProperty("Value")[0].GetString() == sopInstanceUid)
                    return item.Clone();
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return null; // not the standard's response: the instance is not known to be held
        }
    }
}
