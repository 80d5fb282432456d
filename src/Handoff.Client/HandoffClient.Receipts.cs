using Google.Protobuf;
using Handoff.Client.Receipts;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>Signed receipts: registering a facility's key, exporting the registered keys, fetching a transfer's receipt.</summary>
public sealed partial class HandoffClient
{
    /// <summary>The most keys <see cref="ListReceiptKeysAsync"/> reads before it stops (a hostile server cannot page forever).</summary>
    public const int MaxReceiptKeys = 100_000;

    /// <summary>
    /// Registers a facility's receipt-signing public key: acknowledgements of that facility must then carry a receipt
    /// signed with one of its keys. Registering the same key again is harmless.
    /// </summary>
    /// <param name="publicKey">DER SubjectPublicKeyInfo of the P-256 key (<see cref="ReceiptSigningKey.PublicKey"/>).</param>
    /// <param name="facilityId">The facility; null for the caller's own.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registered key.</returns>
    public Task<ReceiptKey> RegisterReceiptKeyAsync(byte[] publicKey, string? facilityId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var request = new RegisterReceiptKeyRequest { PublicKey = ByteString.CopyFrom(publicKey), FacilityId = facilityId ?? "" };
        return CallAsync(token => _connection.Receipts.RegisterReceiptKeyAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
    }

    /// <summary>Every registered receipt public key (all pages): the cluster's, its facilities', and those learned from peers.</summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The keys.</returns>
    public async Task<IReadOnlyList<ReceiptKey>> ListReceiptKeysAsync(CancellationToken cancellationToken = default)
    {
        var keys = new List<ReceiptKey>();
        var request = new ListReceiptKeysRequest { Limit = 500 };
        do
        {
            var page = await CallAsync(token => _connection.Receipts.ListReceiptKeysAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
            keys.AddRange(page.Keys);
            if (keys.Count > MaxReceiptKeys)
                throw new HandoffProtocolException($"the server listed more than {MaxReceiptKeys} receipt keys");
            if (page.NextPageToken.Length > 0 && page.NextPageToken == request.PageToken)
                throw new HandoffProtocolException("the server returned the same receipt-key page token twice");
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return keys;
    }

    /// <summary>The signed receipt of an acknowledged transfer: the destination's signature and the clusters' countersignatures.</summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The receipt.</returns>
    public Task<SignedReceipt> GetReceiptAsync(string transferId, CancellationToken cancellationToken = default)
    {
        var request = new GetReceiptRequest { TransferId = transferId };
        return CallAsync(token => _connection.Receipts.GetReceiptAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
    }
}
