using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// The server rejected a study being sent: an instance is not readable DICOM, belongs to another study, or reuses a
/// SOP Instance UID with other content. The message names the instances and reasons (at most five).
/// </summary>
public class StudyRejectedException : HandoffException
{
    /// <summary>Creates the exception from the study's status.</summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="status">The status the server reported, with its problems.</param>
    public StudyRejectedException(string studyInstanceUid, StudyStatus status) : base(Describe(studyInstanceUid, status))
    {
        StudyInstanceUid = studyInstanceUid;
        Problems = [.. status.Problems];
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public StudyRejectedException() : this("the study was rejected by the server")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was rejected.</param>
    public StudyRejectedException(string message) : this(message, (Exception?)null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was rejected.</param>
    /// <param name="innerException">The cause.</param>
    public StudyRejectedException(string message, Exception? innerException) : base(message, innerException)
    {
        StudyInstanceUid = string.Empty;
        Problems = [];
    }

    /// <summary>The rejected study.</summary>
    public string StudyInstanceUid { get; }

    /// <summary>Each rejected instance and why.</summary>
    public IReadOnlyList<InstanceProblem> Problems { get; }

    private static string Describe(string studyInstanceUid, StudyStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var reasons = new List<string>();
        foreach (var problem in status.Problems)
            reasons.Add($"{problem.SopInstanceUid}: {problem.Reason}");
        var detail = reasons.Count == 0 ? "no reason given" : string.Join("; ", reasons.Count > 5 ? [.. reasons[..5], $"and {reasons.Count - 5} more"] : reasons);
        return $"study {studyInstanceUid} was rejected by the server: {detail}";
    }
}
