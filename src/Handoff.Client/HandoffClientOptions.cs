using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Handoff.Client;

/// <summary>
/// Where a <see cref="HandoffClient"/> connects and how it proves who it is: one or more server addresses (a cluster's
/// front doors, tried in order with failover), a facility or operator API key, or a client certificate for mutual TLS
/// (a federated peer), and, for a relay, the facility it acts for.
/// </summary>
public sealed record HandoffClientOptions
{
    /// <summary>The header a relay names the facility it acts for in (peer certificate authentication).</summary>
    public const string OnBehalfOfHeader = "handoff-on-behalf-of";

    /// <summary>How long unreachable servers are retried by default before an operation gives up.</summary>
    public static readonly TimeSpan DefaultRetryFor = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The server addresses, http:// (HTTP/2 without TLS, as the embedded server listens) or https://. Calls go to one
    /// of them and move on to the next when it cannot be reached. At least one is required.
    /// </summary>
    public IReadOnlyList<Uri> Servers { get; init; } = [];

    /// <summary>The facility API key or the operator key, sent as <c>authorization: Bearer</c>; null to send none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>A certificate with its private key presented for mutual TLS (a federated peer); null for none.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// Decides whether a server's TLS certificate is accepted (for instance by a pinned thumbprint); null for the
    /// operating system's usual validation.
    /// </summary>
    public Func<X509Certificate2, bool>? ValidateServerCertificate { get; init; }

    /// <summary>The facility a relay acts for, sent in <see cref="OnBehalfOfHeader"/>; null for an ordinary client.</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>
    /// How long an operation keeps retrying (with back-off, across every server) while no server can be reached or
    /// the server asks it to slow down. Before any server has answered, each address is tried once and the operation
    /// fails at once: a wrong address is reported, not retried for minutes.
    /// </summary>
    public TimeSpan RetryFor { get; init; } = DefaultRetryFor;

    /// <summary>
    /// Where the client logs what it does on its own: retries, the delays a server asked for, failovers to the next
    /// address, giving up. Ids, UIDs and addresses only, never patient data. Null for no logging.
    /// </summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// The destination facility's receipt-signing key (its public key registered with
    /// <c>RegisterReceiptKey</c>): every acknowledgement then carries a receipt signed with it, which the server
    /// checks and countersigns. Null to acknowledge unsigned (refused once the facility registered a key). The
    /// caller owns and disposes it.
    /// </summary>
    public Receipts.ReceiptSigningKey? ReceiptSigningKey { get; init; }

    /// <summary>Options for one server address and key, the common case.</summary>
    /// <param name="server">The server address, e.g. http://127.0.0.1:7800.</param>
    /// <param name="apiKey">The facility (or operator) API key.</param>
    /// <returns>The options.</returns>
    public static HandoffClientOptions For(Uri server, string? apiKey) => new() { Servers = [server], ApiKey = apiKey };
}
