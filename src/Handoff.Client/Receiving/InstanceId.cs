namespace Handoff.Client;

/// <summary>
/// One instance of a transfer: its study and SOP Instance UID. One SOP Instance UID can sit in two studies of a
/// transfer (after merges and re-imports it does), so the study is part of the identity everywhere.
/// </summary>
/// <param name="StudyInstanceUid">The study.</param>
/// <param name="SopInstanceUid">The instance.</param>
public readonly record struct InstanceId(string StudyInstanceUid, string SopInstanceUid);
