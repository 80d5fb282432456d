namespace Handoff.Storage.Files;

/// <summary>
/// Patient data at rest is for the server's own user alone. Every folder Handoff makes under its data folder is
/// created 0700 and every file 0600 by the call that creates it, so there is no moment at which another user could
/// open one. A folder that already exists with a wider mode (made by an installer, or by an older version) is
/// narrowed when its store starts; the files inside are then out of other users' reach whatever their own mode.
/// On Windows these are plain creates: a folder's ACL is inherited from the data folder.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode DirectoryPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute |
        UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit;

    /// <summary>Creates the folder and any missing parents 0700; an existing folder is left as it is (the cheap call for write paths).</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, DirectoryPermissions);
    }

    /// <summary>
    /// Creates the folder 0700, or narrows an existing one that grants anything to group or others. Returns the mode
    /// it had when that could not be changed (the folder belongs to another user), otherwise null.
    /// </summary>
    public static UnixFileMode? EnsureDirectory(string path)
    {
        CreateDirectory(path);
        if (OperatingSystem.IsWindows())
            return null;
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupAndOthers) == 0)
            return null;
        try
        {
            File.SetUnixFileMode(path, DirectoryPermissions);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return mode;
        }
    }

    /// <summary>A new file open for writing, 0600 from the moment it exists; fails when the name is taken. Unbuffered.</summary>
    public static FileStream CreateNew(string path, FileOptions options = FileOptions.None)
    {
        var create = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = options,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
            create.UnixCreateMode = FilePermissions;
        return new FileStream(path, create);
    }

    /// <summary>A file open for reading and writing, created 0600 when it does not exist (an existing one keeps its mode). Unbuffered.</summary>
    public static FileStream OpenOrCreate(string path, FileOptions options = FileOptions.None)
    {
        var open = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read | FileShare.Delete,
            Options = options,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
            open.UnixCreateMode = FilePermissions;
        return new FileStream(path, open);
    }

    /// <summary>The mode as the four octal digits people read, e.g. "0755".</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8).PadLeft(3, '0');
}
