using System.Runtime.InteropServices;

namespace Handoff.Storage.Files;

/// <summary>
/// Moves a file to a name only if that name is free, atomically. .NET's <c>File.Move(overwrite: false)</c> on Unix is
/// a stat followed by rename(2): two writers racing for one name both "succeed" and the second replaces the first.
/// link(2) fails with EEXIST when the name is taken, so exactly one writer wins; the source is then unlinked.
/// </summary>
internal static partial class NoReplaceMove
{
    // EEXIST has the same value on Linux, macOS and the BSDs.
    private const int EEXIST = 17;

    /// <summary>True when <paramref name="source"/> now has the name <paramref name="destination"/>; false when the name was taken (source untouched).</summary>
    public static bool TryMove(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING is already atomic and fails when the target exists.
            return MoveOrReportTaken(source, destination);
        }

        if (Link(source, destination) == 0)
        {
            // A crash here leaves the temp name as a second link to the same complete bytes: startup cleanup removes it.
            File.Delete(source);
            return true;
        }

        if (Marshal.GetLastPInvokeError() == EEXIST)
        {
            return false;
        }

        // File systems without hard links (FAT, some network mounts): .NET's check-then-rename is the best left, and
        // it reports a missing source or folder with the usual exceptions.
        return MoveOrReportTaken(source, destination);
    }

    private static bool MoveOrReportTaken(string source, string destination)
    {
        try
        {
            File.Move(source, destination, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(destination))
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
