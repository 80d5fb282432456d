namespace Handoff.Gateway;

/// <summary>
/// Where a gateway delivers its facility's transfers: a DICOM node (<c>AE@HOST:PORT</c>, C-STORE and storage
/// commitment) or a DICOMweb service (an <c>http(s)://…</c> base URL, STOW-RS to <c>{url}/studies</c>). Credentials in
/// the URL (<c>https://user:password@pacs/dicom-web</c>) are sent as HTTP Basic authentication and never written to a
/// receipt or a log.
/// </summary>
public sealed record DeliveryTarget
{
    private DeliveryTarget(PacsAddress? pacs, Uri? stowUrl)
    {
        Pacs = pacs;
        StowUrl = stowUrl;
    }

    /// <summary>The DICOM node, when delivering by C-STORE.</summary>
    public PacsAddress? Pacs { get; }

    /// <summary>The DICOMweb base URL, when delivering by STOW-RS.</summary>
    public Uri? StowUrl { get; }

    /// <summary>The URL without credentials: what receipts, logs and the timeline name.</summary>
    public string? PublicUrl => StowUrl is null ? null : new UriBuilder(StowUrl) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/');

    /// <summary>"PACS ORTHANC_B" or "PACS at http://pacs/dicom-web".</summary>
    public string Name => Pacs is { } pacs ? $"PACS {pacs.AeTitle}" : $"PACS at {PublicUrl}";

    public static DeliveryTarget Of(PacsAddress pacs) => new(pacs ?? throw new ArgumentNullException(nameof(pacs)), null);

    /// <summary>AE@HOST:PORT or an http(s) URL; <see cref="FormatException"/> names what is wrong.</summary>
    public static DeliveryTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return new DeliveryTarget(PacsAddress.Parse(text), null);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new FormatException($"'{text}' is not a DICOMweb base URL (http://host:port/path)");
        return new DeliveryTarget(null, uri);
    }

    public override string ToString() => Pacs?.ToString() ?? PublicUrl!;
}
