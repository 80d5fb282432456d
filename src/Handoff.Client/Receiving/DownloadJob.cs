namespace Handoff.Client;

/// <summary>Chunks of one instance for one download request; a large instance is split over several jobs and streams.</summary>
internal sealed record DownloadJob(ReceiveTarget Target, int[] ChunkIndices);
