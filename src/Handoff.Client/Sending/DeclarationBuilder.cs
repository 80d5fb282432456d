using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>Builds a DeclareStudy request: each instance's size and chunk hashes, wrapped rather than copied.</summary>
internal static class DeclarationBuilder
{
    public static DeclareStudyRequest Build(string studyInstanceUid, int chunkSize, IReadOnlyList<SourceInstance> instances, ExpectedInstances? expected = null)
    {
        var request = new DeclareStudyRequest { StudyInstanceUid = studyInstanceUid, ChunkSize = chunkSize };
        if (expected is not null)
        {
            // Every declaration of the study carries them: the server keeps the latest, so a resumed send says it again.
            request.ExpectedStudyInstances = expected.Study ?? 0;
            foreach (var (series, count) in expected.Series)
                request.ExpectedSeries.Add(new ExpectedSeries { SeriesInstanceUid = series, Instances = count });
        }

        foreach (var instance in instances)
        {
            var declaration = new InstanceDeclaration
            {
                SopInstanceUid = instance.SopInstanceUid,
                Size = instance.Length,
                SourceName = instance.Name,
                SeriesInstanceUid = instance.SeriesInstanceUid,
            };
            var hashes = instance.Hashes;
            for (var index = 0; index < hashes.Count; index++)
                declaration.ChunkHashes.Add(hashes.ToByteString(index));
            request.Instances.Add(declaration);
        }
        return request;
    }
}
