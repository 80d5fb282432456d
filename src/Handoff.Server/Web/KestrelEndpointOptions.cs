namespace Handoff.Server.Web;

/// <summary>
/// One of Kestrel's configured endpoints (<c>Kestrel:Endpoints:&lt;name&gt;</c>), read back by the parts of the server
/// that need to know where it listens: the DICOMweb backend calls the gRPC endpoint as a client, and requests are
/// kept to the endpoint they belong to.
/// </summary>
public sealed class KestrelEndpointOptions
{
    public const string Grpc = "Grpc";
    public const string Web = "Web";

    public static string SectionOf(string name) => $"Kestrel:Endpoints:{name}";

    public string Url { get; set; } = "";

    public EndpointCertificate Certificate { get; set; } = new();

    /// <summary>The URL a client on this machine reaches the endpoint at: a wildcard host becomes the loopback address.</summary>
    public Uri LocalUri()
    {
        var text = Url.Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://[::1]:", StringComparison.Ordinal);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{SectionOf(Grpc)}:Url '{Url}' is not an absolute URL");
    }

    /// <summary>The port the endpoint listens on, or null when none is configured.</summary>
    public int? Port => Uri.TryCreate(Url.Replace("://*:", "://h:", StringComparison.Ordinal).Replace("://+:", "://h:", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : null;

    public sealed class EndpointCertificate
    {
        public string? Path { get; set; }

        public string? Password { get; set; }
    }
}
