using System.Globalization;

namespace Handoff.Client;

/// <summary>
/// The fingerprint of a file offered for sending: its name, length and last write time. A send's request id is
/// derived from its inputs' fingerprints, so every source of files must use this one rule, or a rerun of the same
/// folder through another source would start a second transfer instead of resuming the first.
/// </summary>
public static class InstanceFingerprint
{
    /// <summary>The fingerprint of a file.</summary>
    /// <param name="name">The file's name as the user gave it (relative to the folder sent, or a zip entry's path).</param>
    /// <param name="length">Its length in bytes.</param>
    /// <param name="lastWriteUtc">When it was last written.</param>
    /// <returns>The fingerprint.</returns>
    public static string Of(string name, long length, DateTime lastWriteUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}\t{length}\t{lastWriteUtc.Ticks}");
}
