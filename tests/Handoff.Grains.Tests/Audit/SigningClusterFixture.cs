using System.Security.Cryptography;
using Handoff.Grains.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Grains.Tests.Audit;

/// <summary>A cluster whose audit logs are countersigned (by a key the tests hold) every <see cref="CheckpointEvents"/> events.</summary>
public sealed class SigningClusterFixture : ClusterFixture, IDisposable
{
    public const int CheckpointEvents = 50;

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => Key.Dispose();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IAuditCheckpointSigner>(new Signer(Key));
        services.Configure<AuditChainOptions>(options => options.CheckpointEvents = CheckpointEvents);
    }

    private sealed class Signer(ECDsa key) : IAuditCheckpointSigner
    {
        public string KeyId => "test-key";

        public byte[] Sign(byte[] payload) => key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
