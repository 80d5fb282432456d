namespace Handoff.Dimse.Association;

/// <summary>How long an association waits for its peer; none of these waits is unbounded.</summary>
public sealed record AssociationTimeouts
{
    /// <summary>ARTIM (PS3.8 9.1.5): for the A-ASSOCIATE-RQ after a connection opens, the AC/RJ after a request, and the release reply.</summary>
    public TimeSpan Artim { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>For the next PDU on an open association: a peer silent this long is aborted.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>To open the TCP connection to a peer.</summary>
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(15);
}
