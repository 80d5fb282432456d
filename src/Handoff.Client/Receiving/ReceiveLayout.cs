using System.Security.Cryptography;
using System.Text;

namespace Handoff.Client;

/// <summary>
/// Where a received instance goes: OUT/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;SOPInstanceUID&gt;.dcm. UIDs come from
/// the server and, through it, from another facility's files, so one that is not a safe file name (a path
/// separator, "..", characters outside a UID's) is replaced by a hash of itself rather than trusted as a path.
/// </summary>
public static class ReceiveLayout
{
    /// <summary>The extension of a received instance's file.</summary>
    public const string InstanceExtension = ".dcm";

    /// <summary>The extension added to a file being assembled.</summary>
    public const string PartialExtension = ".part";

    /// <summary>Where an instance goes under <paramref name="outputDirectory"/>.</summary>
    /// <param name="outputDirectory">The receive folder.</param>
    /// <param name="studyInstanceUid">The instance's study.</param>
    /// <param name="seriesInstanceUid">Its series.</param>
    /// <param name="sopInstanceUid">The instance.</param>
    /// <returns>The file's path.</returns>
    public static string InstancePath(string outputDirectory, string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid) =>
        Path.Combine(outputDirectory, SafeName(studyInstanceUid), SafeName(seriesInstanceUid), SafeName(sopInstanceUid) + InstanceExtension);

    /// <summary>The file an instance is assembled in until every chunk is verified.</summary>
    /// <param name="instancePath">The instance's final path.</param>
    /// <returns>The partial file's path.</returns>
    public static string PartialPath(string instancePath) => instancePath + PartialExtension;

    /// <summary>A UID as a file or folder name: itself when safe, otherwise "uid-" and a hash of it.</summary>
    /// <param name="uid">A UID from the server.</param>
    /// <returns>A name that cannot leave its folder.</returns>
    public static string SafeName(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        if (IsSafe(uid))
            return uid;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(uid));
        return "uid-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static bool IsSafe(string uid)
    {
        if (uid.Length is 0 or > 128 || uid is "." or "..")
            return false;
        foreach (var c in uid)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
                return false;
        }
        return true;
    }
}
