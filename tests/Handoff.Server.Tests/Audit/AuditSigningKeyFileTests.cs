using Handoff.Server.Auditing.Chain;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// Silos sharing a data folder create the audit signing key file at the same moment: every one must end up signing
/// with the one key in the file (before, a shared ".tmp" name made some fail at the move or keep their own key).
/// </summary>
public sealed class AuditSigningKeyFileTests
{
    [Fact]
    public async Task FromFile_ManyCreatorsAtOnce_AllSignWithTheKeyInTheFile()
    {
        for (var round = 0; round < 20; round++)
        {
            using var folder = new TempFolder();
            var path = folder.Combine(AuditSigningKeyStore.FileName);
            using var start = new Barrier(8);
            var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return AuditSigningKeyStore.FromFile(path);
            })));
            try
            {
                using var inFile = ClusterSigningKey.FromPem(await File.ReadAllTextAsync(path), path, existed: true);
                Assert.All(keys, key => Assert.Equal(inFile.KeyId, key.KeyId));
                Assert.DoesNotContain(Directory.GetFiles(folder.Path), file => file.EndsWith(".tmp", StringComparison.Ordinal)); // no temporary left behind
            }
            finally
            {
                foreach (var key in keys)
                    key.Dispose();
            }
        }
    }
}
