namespace Handoff.Client;

/// <summary>An input that is not sent, and why (not DICOM, no StudyInstanceUID, a copy of another instance).</summary>
/// <param name="Name">How the source names it.</param>
/// <param name="Reason">Why it is left out.</param>
public sealed record SkippedInstance(string Name, string Reason)
{
    /// <summary>"NAME: skipped: REASON".</summary>
    /// <returns>The line for a person.</returns>
    public override string ToString() => $"{Name}: skipped: {Reason}";
}
