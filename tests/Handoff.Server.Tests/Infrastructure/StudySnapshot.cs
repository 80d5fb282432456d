using Handoff.Protos.V1;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>What a sender and the disk can see of a sent study: its status, its transfer's manifest, its chunk files and their write times.</summary>
public sealed record StudySnapshot(StudyStatus Status, TransferManifest Manifest, IReadOnlyDictionary<string, DateTime> ChunkFiles);
