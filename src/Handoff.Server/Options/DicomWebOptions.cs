using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Options;

/// <summary>The DICOMweb service on the web endpoint (<c>Kestrel:Endpoints:Web</c>): its limits and how STOW-RS groups instances.</summary>
public sealed class DicomWebOptions
{
    public const string Section = "Handoff:DicomWeb";

    /// <summary>
    /// Instances of one patient a facility stores for one destination and priority join the same transfer while
    /// fewer than this has passed since the last STOW-RS request added to it (as a gateway route groups C-STOREs).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan QuietWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Parts one STOW-RS request may carry; past this the rest of the request is refused (413); what was sent before stays sent.</summary>
    [Range(1, 100_000)]
    public int MaxInstancesPerRequest { get; set; } = 10_000;

    /// <summary>Bytes one STOW-RS request may carry (the sum of its parts and their framing).</summary>
    [Range(1L, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>
    /// The newest transfers a facility sent or received that DICOMweb searches and retrieval look through; a search
    /// that had to leave older ones out says so in a Warning header.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxTransfersSearched { get; set; } = 5_000;

    /// <summary>STOW-RS requests one server spools at once; more wait (their bodies are not read meanwhile).</summary>
    [Range(1, 1024)]
    public int ConcurrentStores { get; set; } = 8;

    /// <summary>STOW-RS requests of one facility spooled at once: a facility's further requests wait for its own, not for the others'.</summary>
    [Range(1, 1024)]
    public int ConcurrentStoresPerFacility { get; set; } = 2;
}
