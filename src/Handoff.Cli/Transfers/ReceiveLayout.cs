using System.Security.Cryptography;
using System.Text;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Where a received instance goes: OUT/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;SOPInstanceUID&gt;.dcm. UIDs come from
/// the server and, through it, from another facility's files, so one that is not a safe file name (a path
/// separator, "..", characters outside a UID's) is replaced by a hash of itself rather than trusted as a path.
/// </summary>
internal static class ReceiveLayout
{
    public const string InstanceExtension = ".dcm";
    public const string PartialExtension = ".part";

    public static string InstancePath(string outputDirectory, string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid) =>
        Path.Combine(outputDirectory, SafeName(studyInstanceUid), SafeName(seriesInstanceUid), SafeName(sopInstanceUid) + InstanceExtension);

    /// <summary>The file an instance is assembled in until every chunk is verified.</summary>
    public static string PartialPath(string instancePath) => instancePath + PartialExtension;

    public static string SafeName(string uid)
    {
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
