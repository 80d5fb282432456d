using System.Numerics;
using System.Security.Cryptography;
using Google.Protobuf;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>
/// One instance declared under a new, random Study Instance UID and uploaded: how the bad-content tests offer a
/// server bytes it must refuse without touching any study that was already sent.
/// </summary>
public sealed record OtherStudyUpload(string Uid, LocalInstance Instance, DeclareStudyRequest Request)
{
    public static string NewStudyUid() => "2.25." + new BigInteger(RandomNumberGenerator.GetBytes(15), isUnsigned: true);

    public static OtherStudyUpload Of(LocalInstance instance)
    {
        var uid = NewStudyUid();
        var request = new DeclareStudyRequest { StudyInstanceUid = uid, Instances = { instance.ToDeclaration() } };
        return new OtherStudyUpload(uid, instance, request);
    }

    /// <summary>Declares, uploads every missing chunk, and returns the INVALID_ARGUMENT the upload must end with.</summary>
    public static async Task<RpcException> UploadExpectingRejectionAsync(HandoffApi api, OtherStudyUpload other)
    {
        var declared = await api.Uploads.DeclareStudyAsync(other.Request);
        var instance = other.Instance;
        var chunks = declared.MissingChunkHashes.Select(hash =>
        {
            var index = instance.ChunkHashes.ToList().FindIndex(h => ByteString.CopyFrom(h) == hash);
            return new Chunk { Hash = hash, Data = ByteString.CopyFrom(instance.ReadChunk(index)) };
        }).ToList();
        return await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ChunkUpload.SendAsync(api, other.Uid, chunks));
    }
}
