namespace Handoff.Cli.Transfers;

/// <summary>One line of a receipt: an instance (its study and SOP Instance UID) and the content hash the receiver computed.</summary>
internal readonly record struct ReceiptEntry(string StudyInstanceUid, string SopInstanceUid, byte[] ContentHash);
