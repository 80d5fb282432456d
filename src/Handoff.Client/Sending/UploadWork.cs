namespace Handoff.Client;

/// <summary>Chunks of one instance an upload stream has to send, by index in ascending order.</summary>
internal sealed record UploadWork(string StudyInstanceUid, SourceInstance Instance, int[] ChunkIndices, long Bytes);
