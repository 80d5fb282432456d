using System.Globalization;
using Handoff.Contracts.Errors;
using Handoff.Dicom;
using Handoff.Dicom.Dictionary;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// A QIDO-RS query string (PS3.18 8.3.4): matching keys by keyword or tag (<c>PatientID=12345</c>,
/// <c>00100010=DOE*</c>), <c>includefield</c>, <c>limit</c>, <c>offset</c> and <c>fuzzymatching</c> (accepted, not
/// used: matching is exact or by wildcard). An unknown key, a sequence path or a bad number is INVALID_ARGUMENT
/// naming it.
/// </summary>
public sealed record QidoQuery(IReadOnlyList<(DicomTag Tag, string Value)> Matches, int Limit, int Offset)
{
    /// <summary>A limit above <see cref="MaxLimit"/> was asked for and capped (PS3.18 8.3.4.4: say so in a Warning).</summary>
    public bool LimitCapped { get; init; }

    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static QidoQuery Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matches = new List<(DicomTag, string)>();
        var (limit, offset, capped) = (DefaultLimit, 0, false);
        foreach (var (key, values) in query)
        {
            switch (key.ToLowerInvariant())
            {
                case "limit":
                    limit = Number(key, values.ToString(), 1, int.MaxValue);
                    (limit, capped) = limit > MaxLimit ? (MaxLimit, true) : (limit, capped);
                    break;
                case "offset":
                    offset = Number(key, values.ToString(), 0, int.MaxValue);
                    break;
                case "includefield" or "fuzzymatching":
                    break; // every attribute the index holds is returned; matching is not fuzzy
                default:
                    matches.Add((TagOf(key), values.ToString()));
                    break;
            }
        }
        return new QidoQuery(matches, limit, offset) { LimitCapped = capped };
    }

    private static DicomTag TagOf(string key)
    {
        if (key.Contains('.', StringComparison.Ordinal))
            throw Invalid($"query key '{key}': matching on sequence attributes is not supported");
        if (key.Length == 8 && uint.TryParse(key, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            return new DicomTag(value);
        return DicomDictionary.FindByKeyword(key) is { } entry ? new DicomTag(entry.Tag) : throw Invalid($"query key '{key}' is not a DICOM keyword or tag");
    }

    private static int Number(string key, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw Invalid($"{key} must be a whole number from {min} to {max}, not '{text}'");

    private static DomainException Invalid(string message) => new(DomainErrorKind.InvalidArgument, message);
}
