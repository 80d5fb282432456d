namespace Handoff.Contracts.Retention;

/// <summary>A chunk in the store: its hash (lowercase hex SHA-256) and when it was written.</summary>
public readonly record struct StoredChunk(string Hash, DateTimeOffset StoredAt);
