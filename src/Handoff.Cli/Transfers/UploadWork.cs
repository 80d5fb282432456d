namespace Handoff.Cli.Transfers;

/// <summary>Chunks of one instance an upload stream has to send, by index in ascending order.</summary>
internal sealed record UploadWork(string StudyInstanceUid, InspectedInstance Instance, int[] ChunkIndices, long Bytes);
