using System.Security.Cryptography;
using System.Text;

namespace Handoff.Server.Security;

/// <summary>
/// The operator key. On the Local profile it is created on first start as 32 random bytes in hex at
/// &lt;DataPath&gt;/operator.key, readable only by the server's user (0600), and read again on later starts; on the
/// Azure profile every silo shares one (<see cref="SharedOperatorKey"/>); <c>Handoff:OperatorKey</c> overrides both.
/// The key itself is never logged.
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

    /// <summary>The shortest key accepted from configuration: as long as a generated one.</summary>
    public const int MinimumLength = 32;

    /// <summary>A key that came from elsewhere (configuration, the shared blob).</summary>
    public static OperatorKey FromValue(string key, bool existed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new OperatorKey(key.Trim()) { Existed = existed };
    }

    /// <summary>32 random bytes in hex.</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

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
        var key = Generate();
        WriteOwnerOnly(path, key, replace: false);
        return new OperatorKey(key);
    }

    /// <summary>
    /// Writes this key to <paramref name="path"/> (0600), replacing what is there: on the Azure profile the local file
    /// is a copy of the shared key, for an operator logged on to this node.
    /// </summary>
    public void WriteCopy(string path) => WriteOwnerOnly(path, Encoding.UTF8.GetString(_keyBytes), replace: true);

    /// <summary>Constant-time comparison, so response timing reveals nothing about how much of a guess was right.</summary>
    public bool Matches(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        return CryptographicOperations.FixedTimeEquals(presentedBytes, _keyBytes);
    }

    private static void WriteOwnerOnly(string path, string key, bool replace)
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
        File.Move(temporary, path, overwrite: replace);
    }
}
