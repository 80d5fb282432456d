using System.Text.RegularExpressions;
using Handoff.Contracts.Errors;
using Handoff.Server.Errors;
using Handoff.Server.Security;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Federation;

/// <summary>
/// Authenticates calls that arrive on the federation endpoint. A peer's identity is the certificate it presented in
/// the TLS handshake, pinned by SHA-256 thumbprint in the peer registry; nothing it says in a message counts. An
/// unknown, revoked or expired certificate is UNAUTHENTICATED. A peer may call only what relaying needs
/// (<see cref="AllowedMethods"/>), acting for one of its own facilities named in <see cref="OnBehalfOfHeader"/>.
/// </summary>
public sealed partial class PeerAuthenticator
{
    public const string OnBehalfOfHeader = "handoff-on-behalf-of";

    /// <summary>What a peer cluster may call: its own relayed uploads and transfers, and the peer questions.</summary>
    private static readonly HashSet<string> AllowedMethods = new(StringComparer.Ordinal)
    {
        "/handoff.v1.Federation/ListExportedFacilities",
        "/handoff.v1.Uploads/GetUploadParameters",
        "/handoff.v1.Uploads/DeclareStudy",
        "/handoff.v1.Uploads/UploadChunks",
        "/handoff.v1.Uploads/CompleteStudy",
        "/handoff.v1.Uploads/GetStudyStatus",
        "/handoff.v1.Transfers/CreateTransfer",
        "/handoff.v1.Transfers/AddStudies",
        "/handoff.v1.Transfers/CancelTransfer",
        "/handoff.v1.Transfers/GetTransfer",
        "/handoff.v1.Transfers/WatchTransfer",
        "/handoff.v1.Downloads/GetTransferManifest",
        "/handoff.v1.Receipts/GetReceipt",
    };

    private readonly PeerDirectory _peers;
    private readonly TimeProvider _time;
    private readonly int _port;

    public PeerAuthenticator(PeerDirectory peers, TimeProvider time, IOptions<FederationOptions> options)
    {
        _peers = peers;
        _time = time;
        _port = options.Value.Enabled ? FederationEndpoint.Port(options.Value) : -1;
    }

    /// <summary>True for a call that came in through the federation endpoint (and so must be a peer's).</summary>
    public bool IsFederationCall(ServerCallContext context) =>
        _port > 0 && context.GetHttpContext().Connection.LocalPort == _port;

    public async Task<Caller> AuthenticateAsync(ServerCallContext context)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate
            ?? throw Unauthenticated("the federation endpoint needs the calling cluster's client certificate");
        var now = _time.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            throw Unauthenticated("the client certificate is outside its validity period");
        var thumbprint = FederationCertificate.Thumbprint(certificate);
        var peer = await _peers.IdentifyAsync(thumbprint)
            ?? throw Unauthenticated($"certificate {thumbprint[..16]}… is not pinned for a registered peer, or it was revoked");
        if (!AllowedMethods.Contains(context.Method))
            throw DomainException.Denied($"{context.Method} is not open to peer clusters");
        var facility = context.RequestHeaders.GetValue(OnBehalfOfHeader);
        if (facility is not null && !FacilitySlug().IsMatch(facility))
            throw new InvalidFieldException(OnBehalfOfHeader, $"{OnBehalfOfHeader} must name one facility of network {peer.Name} (a-z, 0-9, '-')");
        return Caller.Peer(peer.Name, facility);
    }

    private static DomainException Unauthenticated(string message) => new(DomainErrorKind.Unauthenticated, message);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FacilitySlug();
}
