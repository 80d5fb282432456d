using Handoff.Protos.V1;

namespace Handoff.Client.Auditing;

/// <summary>Reading and verifying a whole audit log through <see cref="HandoffClient"/>.</summary>
public static class AuditLogReading
{
    private const int PageSize = 10_000;

    /// <summary>
    /// Every event of an audit log, newest first, paging with the client's retry rule. Reading is itself audited, so
    /// the log grows by one event per page read (after the snapshot this read returns).
    /// </summary>
    /// <param name="client">The connection.</param>
    /// <param name="facilityId">The operator only: one facility's log; null or empty for the caller's own (the operator log for the operator).</param>
    /// <param name="includeCheckpoints">Also the cluster's checkpoint events.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The log's id and its events, newest first.</returns>
    public static async Task<(string LogId, List<AuditEvent> Events)> ReadAuditLogAsync(
        this HandoffClient client, string? facilityId, bool includeCheckpoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new ListAuditEventsRequest { FacilityId = facilityId ?? string.Empty, PageSize = PageSize, IncludeCheckpoints = includeCheckpoints };
        var events = new List<AuditEvent>();
        var logId = string.Empty;
        while (true)
        {
            var page = await client.CallAsync(token => client.Audit.ListAuditEventsAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
            if (logId.Length == 0)
                logId = page.LogId;
            events.AddRange(page.Events);
            if (page.NextPageToken.Length == 0)
                return (logId, events);
            request.PageToken = page.NextPageToken;
        }
    }

    /// <summary>
    /// Verifies an audit log without trusting the server's word for it: reads every event (checkpoints included),
    /// recomputes the hash chain from the log's genesis value, and checks each checkpoint's signature against
    /// <paramref name="trustedPublicKeysPem"/> (or, when none are given, the keys the server publishes).
    /// </summary>
    /// <param name="client">The connection.</param>
    /// <param name="facilityId">The operator only: one facility's log; null for the caller's own.</param>
    /// <param name="trustedPublicKeysPem">ECDSA P-256 public keys (PEM) to trust; empty: those GetAuditSigningKeys returns.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>What was found; <see cref="AuditVerification.Intact"/> false names the first broken sequence.</returns>
    public static async Task<AuditVerification> VerifyAuditLogAsync(
        this HandoffClient client, string? facilityId, IReadOnlyList<string> trustedPublicKeysPem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(trustedPublicKeysPem);
        // Asked even when keys are pinned: the checkpoint rate says how long a chain may go without a checkpoint.
        var published = await client.CallAsync(token => client.Audit.GetAuditSigningKeysAsync(new GetAuditSigningKeysRequest(), cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        var pems = trustedPublicKeysPem.Count > 0 ? trustedPublicKeysPem : [.. published.Keys.Select(key => key.PublicKeyPem)];
        using var keys = AuditKeyRing.FromPems(pems);
        var (logId, newestFirst) = await client.ReadAuditLogAsync(facilityId, includeCheckpoints: true, cancellationToken).ConfigureAwait(false);
        newestFirst.Reverse();
        return AuditChainVerifier.Verify(logId, newestFirst, keys, published.CheckpointEvents);
    }
}
