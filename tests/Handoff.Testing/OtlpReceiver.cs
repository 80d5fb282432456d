using System.Net;
using Google.Protobuf;

namespace Handoff.Testing;

/// <summary>
/// A stand-in OpenTelemetry collector: accepts OTLP over HTTP (protobuf) on a free 127.0.0.1 port and keeps, for each
/// export, which process sent it (the value of the resource attribute <see cref="NodeAttribute"/>, set through
/// OTEL_RESOURCE_ATTRIBUTES) and the trace ids of its spans. Reads only the fields it needs of
/// ExportTraceServiceRequest (resource_spans → resource.attributes, scope_spans → spans.trace_id).
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    public const string NodeAttribute = "handoff.test.node";

    private readonly HttpListener _listener = new();
    private readonly List<(string Node, string TraceId)> _spans = [];
    private readonly Task _serving;

    public OtlpReceiver()
    {
        Port = FreePorts.Take(1)[0];
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The environment that makes a process export here, naming itself <paramref name="node"/>.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentFor(string node) => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{Port}",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_RESOURCE_ATTRIBUTES"] = $"{NodeAttribute}={node}",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    /// <summary>The trace ids (lowercase hex) each node exported spans of.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> TracesByNode()
    {
        lock (_spans)
        {
            return _spans.GroupBy(s => s.Node).ToDictionary(g => g.Key, g => g.Select(s => s.TraceId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            using (var body = new MemoryStream())
            {
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                    Record(body.ToArray());
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private void Record(byte[] export)
    {
        foreach (var resourceSpans in Fields(export, 1))
        {
            var node = Fields(resourceSpans, 1).SelectMany(resource => Fields(resource, 1)).Select(Attribute)
                .FirstOrDefault(a => a.Key == NodeAttribute).Value ?? "unknown";
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    var traceId = Fields(span, 1).FirstOrDefault();
                    if (traceId is { Length: 16 })
                    {
                        lock (_spans)
                            _spans.Add((node, Convert.ToHexStringLower(traceId)));
                    }
                }
            }
        }
    }

    /// <summary>A KeyValue: key (1) and, for a string, AnyValue.string_value (1 in field 2).</summary>
    private static KeyValuePair<string, string?> Attribute(byte[] keyValue)
    {
        var key = Fields(keyValue, 1).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault() ?? "";
        var value = Fields(keyValue, 2).SelectMany(v => Fields(v, 1)).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault();
        return new(key, value);
    }

    /// <summary>The bytes of every length-delimited field <paramref name="number"/> of a message; other fields skipped.</summary>
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return found;
    }
}
