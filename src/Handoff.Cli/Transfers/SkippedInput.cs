namespace Handoff.Cli.Transfers;

/// <summary>An input that is not sent, and why (not DICOM, no StudyInstanceUID, a duplicate).</summary>
internal sealed record SkippedInput(string Name, string Reason)
{
    public override string ToString() => $"{Name}: skipped: {Reason}";
}
