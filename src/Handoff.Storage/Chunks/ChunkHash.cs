using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Handoff.Storage.Chunks;

/// <summary>
/// The one shape a chunk key may have: 64 lowercase hex characters (SHA-256). Checked before a key touches a path, so
/// a hash can never become a traversal ("../"), a temp file name or a second spelling of the same chunk.
/// </summary>
internal static class ChunkHash
{
    public const int Length = 64;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static bool IsValid(ReadOnlySpan<char> hash) => hash.Length == Length && !hash.ContainsAnyExcept(LowerHex);

    public static void Validate([NotNull] string? hash, [CallerArgumentExpression(nameof(hash))] string? parameterName = null)
    {
        if (hash is null || !IsValid(hash))
        {
            throw new ArgumentException(
                $"a chunk hash is 64 lowercase hex characters (SHA-256); got {Describe(hash)}", parameterName);
        }
    }

    /// <summary>The value itself when short, otherwise only its length: an error message must stay readable.</summary>
    private static string Describe(string? hash) => hash switch
    {
        null => "null",
        { Length: <= Length + 16 } => $"\"{hash}\"",
        _ => $"{hash.Length} characters",
    };
}
