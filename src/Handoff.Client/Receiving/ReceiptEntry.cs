namespace Handoff.Client;

/// <summary>One line of a receipt: an instance (its study and SOP Instance UID) and the content hash the receiver computed.</summary>
/// <param name="StudyInstanceUid">The instance's study.</param>
/// <param name="SopInstanceUid">The instance.</param>
/// <param name="ContentHash">SHA-256 of its concatenated chunk hashes, from the bytes received.</param>
public readonly record struct ReceiptEntry(string StudyInstanceUid, string SopInstanceUid, byte[] ContentHash);
