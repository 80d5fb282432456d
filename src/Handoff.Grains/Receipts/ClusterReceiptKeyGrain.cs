using System.Security.Cryptography;
using Handoff.Contracts.Receipts;

namespace Handoff.Grains.Receipts;

/// <summary>
/// The cluster's countersigning key. Kept in grain storage (the data folder on the embedded profile, the grain-state
/// container on Azure), so every silo signs with one key and a restart keeps it; signing happens here, so the private
/// key never travels to a silo's memory elsewhere or over the wire.
/// </summary>
public sealed class ClusterReceiptKeyGrain : Grain, IClusterReceiptKeyGrain, IDisposable
{
    private readonly IPersistentState<ClusterReceiptKeyGrainState> _state;
    private ECDsa? _key;

    public ClusterReceiptKeyGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<ClusterReceiptKeyGrainState> state)
    {
        _state = state;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.PrivateKey.Length == 0)
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            _state.State.PrivateKey = created.ExportPkcs8PrivateKey();
            _state.State.CreatedAt = DateTimeOffset.UtcNow;
            await _state.WriteOrReloadAsync(this);
        }
        _key = ECDsa.Create();
        _key.ImportPkcs8PrivateKey(_state.State.PrivateKey, out _);
        await base.OnActivateAsync(cancellationToken);
    }

    public Task<ClusterPublicKey> GetPublicKey() =>
        Task.FromResult(new ClusterPublicKey(Key.ExportSubjectPublicKeyInfo(), _state.State.CreatedAt));

    public Task<byte[]> Sign(byte[] signingInput)
    {
        ArgumentNullException.ThrowIfNull(signingInput);
        return Task.FromResult(Key.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    private ECDsa Key => _key ?? throw new InvalidOperationException("the cluster key is not loaded");

    public void Dispose() => _key?.Dispose();
}

[GenerateSerializer, Alias("handoff.grains.ClusterReceiptKeyGrainState")]
public sealed class ClusterReceiptKeyGrainState
{
    /// <summary>PKCS#8 DER of the P-256 private key.</summary>
    [Id(0)]
    public byte[] PrivateKey { get; set; } = [];

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }
}
