namespace Handoff.Cli.Index;

/// <summary>The result of scanning a folder: studies in date then UID order, and the files that were skipped.</summary>
/// <param name="Studies">One entry per StudyInstanceUID.</param>
/// <param name="Skipped">Files that were not usable DICOM instances, in path order.</param>
/// <param name="FilesScanned">Every regular file seen, skipped ones included.</param>
internal sealed record StudyIndex(IReadOnlyList<StudySummary> Studies, IReadOnlyList<SkippedFile> Skipped, int FilesScanned);

/// <summary>A file the index could not use, and why (not DICOM, malformed, unreadable, not an instance).</summary>
internal sealed record SkippedFile(string Path, string Reason);
