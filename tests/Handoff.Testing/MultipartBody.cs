using System.Text;

namespace Handoff.Testing;

/// <summary>
/// The parts of a multipart/related response (WADO-RS), read independently of the server's code: each part's headers
/// and bytes, split on the boundary the response's Content-Type names.
/// </summary>
public static class MultipartBody
{
    public sealed record Part(IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public static async Task<IReadOnlyList<Part>> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var boundary = response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "boundary").Value?.Trim('"')
            ?? throw new InvalidOperationException("the response has no multipart boundary");
        return Parse(await response.Content.ReadAsByteArrayAsync(), boundary);
    }

    public static IReadOnlyList<Part> Parse(byte[] body, string boundary)
    {
        ArgumentNullException.ThrowIfNull(body);
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<Part>();
        var position = IndexOf(body, delimiter, 0);
        while (position >= 0)
        {
            var afterDelimiter = position + delimiter.Length;
            if (afterDelimiter + 2 <= body.Length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-')
                break; // the closing delimiter
            var headersStart = afterDelimiter + 2; // CRLF
            var headersEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), headersStart);
            var headers = Encoding.ASCII.GetString(body, headersStart, headersEnd - headersStart).Split("\r\n")
                .Select(line => line.Split(':', 2)).ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim(), StringComparer.OrdinalIgnoreCase);
            var bodyStart = headersEnd + 4;
            var next = IndexOf(body, delimiter, bodyStart);
            if (next < 0)
                throw new InvalidOperationException("a part has no closing boundary");
            parts.Add(new Part(headers, body[bodyStart..(next - 2)])); // the CRLF before the delimiter is not the part's
            position = next;
        }
        return parts;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int start) =>
        haystack.AsSpan(start).IndexOf(needle) is var i and >= 0 ? start + i : -1;
}
