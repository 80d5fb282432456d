using PeerMessage = Handoff.Protos.V1.Peer;

namespace Handoff.Cli.Commands.Peer;

/// <summary>
/// Certificate thumbprints as people handle them: shown shortened in `peer list`, typed back (a prefix of at least
/// <see cref="MinimumPrefix"/> digits, or openssl's "sha256 Fingerprint=AB:CD:..." pasted whole) to `peer revoke`.
/// </summary>
internal static class Thumbprints
{
    /// <summary>Hex digits of a SHA-256 thumbprint.</summary>
    public const int Length = 64;

    /// <summary>Fewest digits accepted as a prefix: 32 bits, enough to pick one of a peer's few certificates.</summary>
    public const int MinimumPrefix = 8;

    /// <summary>Digits shown in tables.</summary>
    public const int ShortLength = 16;

    public static string Short(string thumbprint) => thumbprint.Length <= ShortLength ? thumbprint : thumbprint[..ShortLength];

    /// <summary>
    /// Lowercase hex from what the user typed, ignoring ':' and spaces and an openssl "... Fingerprint=" prefix;
    /// null with <paramref name="error"/> when it is not a thumbprint or a usable prefix of one.
    /// </summary>
    public static string? Normalize(string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value[(value.LastIndexOf('=') + 1)..];
        var digits = new System.Text.StringBuilder(Length);
        foreach (var c in text)
        {
            if (c == ':' || char.IsWhiteSpace(c))
                continue;
            if (!char.IsAsciiHexDigit(c))
            {
                error = $"--thumbprint '{value}' is not hexadecimal (a SHA-256 thumbprint as `handoff peer list` shows it)";
                return null;
            }
            digits.Append(char.ToLowerInvariant(c));
        }
        if (digits.Length is < MinimumPrefix or > Length)
        {
            error = $"--thumbprint needs {MinimumPrefix} to {Length} hex digits of a SHA-256 thumbprint, not {digits.Length}";
            return null;
        }
        error = null;
        return digits.ToString();
    }

    /// <summary>The one certificate of <paramref name="peer"/> whose thumbprint starts with <paramref name="prefix"/>.</summary>
    public static string Resolve(PeerMessage peer, string prefix)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var matches = new List<string>();
        foreach (var certificate in peer.Certificates)
        {
            if (certificate.Thumbprint.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !matches.Contains(certificate.Thumbprint))
                matches.Add(certificate.Thumbprint);
        }
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliFailure($"peer '{peer.Name}' has no certificate whose thumbprint starts with {prefix} (see `handoff peer list`)", ExitCodes.ServerRefused),
            _ => throw CliFailure.Usage($"thumbprint {prefix} matches {matches.Count} certificates of peer '{peer.Name}'; give more digits"),
        };
    }
}
