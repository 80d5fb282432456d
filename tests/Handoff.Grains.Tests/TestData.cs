using System.Security.Cryptography;
using System.Text;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Studies;

namespace Handoff.Grains.Tests;

/// <summary>Unique ids (tests share a cluster) and declarations that obey the chunking rules.</summary>
internal static class TestData
{
    public const int ChunkSize = 1024;

    public static readonly StudyMetadata Metadata = new("Doe^Jane", "MRN-12345", "HOSP-A", "19700101", "ACC-1", "20250101", "CT HEAD");

    public static string FacilityId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static string Uid() => $"1.2.826.0.1.3680043.8.498.{Random.Shared.NextInt64(1, long.MaxValue)}";

    public static string Hash(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    /// <summary>An instance of <paramref name="chunks"/> chunks, the last one partial, with hashes unique to its UID.</summary>
    public static InstanceDeclaration Instance(string sopInstanceUid, int chunks, string? sourceName = null)
    {
        var hashes = new string[chunks];
        for (var i = 0; i < chunks; i++)
            hashes[i] = Hash($"{sopInstanceUid}/{i}");
        var size = chunks == 0 ? 0 : ((long)chunks * ChunkSize) - 100;
        return new InstanceDeclaration(sopInstanceUid, size, hashes, sourceName ?? $"files/{sopInstanceUid}.dcm");
    }

    public static List<InstanceDeclaration> Instances(int count, int chunksEach = 2)
    {
        var instances = new List<InstanceDeclaration>(count);
        for (var i = 0; i < count; i++)
            instances.Add(Instance(Uid(), chunksEach));
        return instances;
    }

    public static DeclareStudyCommand Declare(IReadOnlyList<InstanceDeclaration> instances, int chunkSize = ChunkSize) =>
        new(chunkSize, instances);

    public static VerifiedInstance Verified(string sopInstanceUid, string seriesInstanceUid = "1.2.3.4.5", int instanceNumber = 1) =>
        new(sopInstanceUid, "1.2.840.10008.5.1.4.1.1.2", seriesInstanceUid, "CT", "AXIAL", 1, instanceNumber, Metadata);

    /// <summary>The content hash computed independently of the grain: SHA-256 over the raw chunk hashes in order.</summary>
    public static string ContentHash(InstanceDeclaration instance)
    {
        var raw = new List<byte>();
        foreach (var hash in instance.ChunkHashes)
            raw.AddRange(Convert.FromHexString(hash));
        return Convert.ToHexStringLower(SHA256.HashData(raw.ToArray()));
    }

    public static async Task<IssuedKey> RegisterAsync(IGrainFactory grains, string facilityId) =>
        await grains.GetGrain<IFacilityGrain>(facilityId).Register(new FacilityRegistration(facilityId, $"Facility {facilityId}", "ISSUER"));

    /// <summary>What the upload service does for each instance: report its chunks stored, then its header verified.</summary>
    public static async Task UploadAsync(IStudyGrain study, IEnumerable<InstanceDeclaration> instances)
    {
        var list = instances.ToList();
        await study.RecordStoredChunks(list.SelectMany(i => i.ChunkHashes).ToList());
        await study.RecordVerifiedInstances(list.Select(i => Verified(i.SopInstanceUid)).ToList());
    }
}
