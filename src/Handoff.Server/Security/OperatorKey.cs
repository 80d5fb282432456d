using System.Security.Cryptography;
using System.Text;

namespace Handoff.Server.Security;

/// <summary>
/// The operator key: created on first start as 32 random bytes in hex at &lt;DataPath&gt;/operator.key, readable only by
/// the server's user (0600), read again on later starts. The key itself is never logged.
/// </summary>
public sealed class OperatorKey
{
    private readonly byte[] _keyBytes;

    private OperatorKey(string key)
    {
        _keyBytes = Encoding.UTF8.GetBytes(key);
    }

    /// <summary>True when the file existed before this start; false when this start created it.</summary>
    public bool Existed { get; private init; }

    public static OperatorKey LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length == 0)
                throw new InvalidOperationException($"the operator key file {path} is empty; delete it to have a new key created");
            return new OperatorKey(existing) { Existed = true };
        }
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        WriteOwnerOnly(path, key);
        return new OperatorKey(key);
    }

    /// <summary>Constant-time comparison, so response timing reveals nothing about how much of a guess was right.</summary>
    public bool Matches(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        return CryptographicOperations.FixedTimeEquals(presentedBytes, _keyBytes);
    }

    private static void WriteOwnerOnly(string path, string key)
    {
        // Written to a temporary name with 0600 set before any secret goes in, then renamed: a crash never leaves a
        // half-written key, and there is no moment at which the key sits in a file others could read.
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(key + "\n"));
            stream.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: false);
    }
}
