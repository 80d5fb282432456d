using Handoff.Contracts.Studies;
using Handoff.Server.Errors;
using Handoff.Server.Options;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>
/// A DeclareStudy request as a grain command, refusing what no upload could satisfy: another chunk size than the
/// server's, a chunk count that does not fit the size, a malformed hash, an instance declared twice in one request.
/// </summary>
public static class DeclarationMapping
{
    public const int MaxInstancesPerRequest = 20_000;

    public static DeclareStudyCommand ToCommand(this V1.DeclareStudyRequest request, UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var chunkSize = options.ChunkSize;
        if (request.ChunkSize != 0 && request.ChunkSize != chunkSize)
            throw new InvalidFieldException("chunk_size", $"chunk_size {request.ChunkSize} is not the server's chunk size {chunkSize}; ask GetUploadParameters");
        if (request.Instances.Count == 0)
            throw new InvalidFieldException("instances", "instances must list at least one instance");
        if (request.Instances.Count > MaxInstancesPerRequest)
            throw new InvalidFieldException("instances", $"at most {MaxInstancesPerRequest} instances per request; declare the rest in another request");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var instances = new List<InstanceDeclaration>(request.Instances.Count);
        for (var i = 0; i < request.Instances.Count; i++)
        {
            var instance = ToContract(request.Instances[i], $"instances[{i}]", options);
            if (!seen.Add(instance.SopInstanceUid))
                throw new InvalidFieldException($"instances[{i}].sop_instance_uid", $"instance {instance.SopInstanceUid} is declared twice in this request");
            instances.Add(instance);
        }
        return new DeclareStudyCommand(chunkSize, instances)
        {
            ExpectedInstances = ExpectedCountMapping.Study(request.ExpectedStudyInstances),
            ExpectedSeries = ExpectedCountMapping.Series(request.ExpectedSeries),
        };
    }

    private static InstanceDeclaration ToContract(V1.InstanceDeclaration instance, string field, UploadOptions options)
    {
        var uid = RequestFields.Uid(instance.SopInstanceUid, field + ".sop_instance_uid");
        var chunkSize = options.ChunkSize;
        if (instance.Size <= 0)
            throw new InvalidFieldException(field + ".size", $"instance {uid} has size {instance.Size}; an instance has at least one byte");
        if (instance.Size > options.MaxInstanceBytes)
            throw new InvalidFieldException(field + ".size", $"instance {uid} declares {instance.Size} bytes; this server accepts instances of at most {options.MaxInstanceBytes} bytes");
        var expectedChunks = ChunkLayout.Count(instance.Size, chunkSize);
        if (instance.ChunkHashes.Count != expectedChunks)
            throw new InvalidFieldException(field + ".chunk_hashes",
                $"instance {uid} of {instance.Size} bytes has {expectedChunks} chunks of {chunkSize} bytes, not {instance.ChunkHashes.Count}");
        var hashes = new string[instance.ChunkHashes.Count];
        for (var c = 0; c < hashes.Length; c++)
            hashes[c] = ChunkHashes.ToHex(instance.ChunkHashes[c], field + ".chunk_hashes", c);
        RequireLimitedRepetition(uid, hashes, field, options.MaxChunkRepetition);
        var sourceName = RequestFields.Optional(instance.SourceName, field + ".source_name");
        var series = instance.SeriesInstanceUid.Length == 0 ? null : RequestFields.Uid(instance.SeriesInstanceUid, field + ".series_instance_uid");
        return new InstanceDeclaration(uid, instance.Size, hashes, sourceName) { SeriesInstanceUid = series };
    }

    /// <summary>At least one distinct chunk per <paramref name="maxRepetition"/> positions: receivers never write more than that many bytes per uploaded byte.</summary>
    private static void RequireLimitedRepetition(string uid, string[] hashes, string field, int maxRepetition)
    {
        if (hashes.Length <= maxRepetition)
            return;
        var distinct = new HashSet<string>(hashes, StringComparer.Ordinal).Count;
        if ((long)distinct * maxRepetition < hashes.Length)
        {
            throw new InvalidFieldException(field + ".chunk_hashes",
                $"instance {uid} has {hashes.Length} chunks but only {distinct} distinct ones; at most {maxRepetition} positions per distinct chunk are accepted");
        }
    }
}
