using System.Text.RegularExpressions;
using Handoff.Server.Errors;
using Handoff.Contracts.Errors;

namespace Handoff.Server.Mapping;

/// <summary>
/// Shape checks on request fields, each failing with INVALID_ARGUMENT that names the field. A refused value is quoted
/// back only in part when it is long (<see cref="InputEcho"/>).
/// </summary>
public static partial class RequestFields
{
    /// <summary>DICOM UIDs (PS3.5 9.1): digits and dots, at most 64 characters.</summary>
    public static string Uid(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
            throw new InvalidFieldException(field, $"{field} is required");
        if (value.Length > 64 || !UidPattern().IsMatch(value))
            throw new InvalidFieldException(field, $"{field} {InputEcho.Quote(value)} is not a DICOM UID (digits and dots, at most 64 characters)");
        return value;
    }

    /// <summary>
    /// DICOM AE titles (PS3.5 6.2, AE value representation): 1 to 16 characters, no backslash and no control
    /// characters, not only spaces. Leading and trailing spaces are not significant, so they are dropped.
    /// </summary>
    public static string AeTitle(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidFieldException(field, $"{field} is required");
        if (value.Length > 16 || value.Contains('\\', StringComparison.Ordinal) || value.Any(char.IsControl))
            throw new InvalidFieldException(field, $"{field} {InputEcho.Quote(value)} is not a DICOM AE title (1 to 16 characters, no backslash or control characters)");
        return value.Trim(' ');
    }

    /// <summary>Facility ids are slugs: lowercase letters, digits and '-', 2 to 63 characters.</summary>
    public static string FacilityId(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
            throw new InvalidFieldException(field, $"{field} is required");
        if (!SlugPattern().IsMatch(value))
            throw new InvalidFieldException(field, $"{field} {InputEcho.Quote(value)} is not a facility id (lowercase letters, digits and '-', 2 to 63 characters)");
        return value;
    }

    /// <summary>A facility id, or a facility of a peer network as "facility@network" (both parts slugs).</summary>
    public static string FacilityAddress(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
            throw new InvalidFieldException(field, $"{field} is required");
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
            return FacilityId(value, field);
        if (!SlugPattern().IsMatch(value[..at]) || !SlugPattern().IsMatch(value[(at + 1)..]))
            throw new InvalidFieldException(field, $"{field} {InputEcho.Quote(value)} is not a facility address (facility or facility@network, each lowercase letters, digits and '-')");
        return value;
    }

    public static Guid TransferId(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
            throw new InvalidFieldException(field, $"{field} is required");
        return Guid.TryParse(value, out var id) ? id : throw new InvalidFieldException(field, $"{field} {InputEcho.Quote(value)} is not a transfer id");
    }

    public static string Required(string? value, string field, int maxLength = 256)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidFieldException(field, $"{field} is required");
        if (value.Length > maxLength)
            throw new InvalidFieldException(field, $"{field} is longer than {maxLength} characters");
        return value;
    }

    public static string Optional(string? value, string field, int maxLength = 1024)
    {
        value ??= string.Empty;
        if (value.Length > maxLength)
            throw new InvalidFieldException(field, $"{field} is longer than {maxLength} characters");
        return value;
    }

    public static int Limit(int requested, int defaultLimit, int maximum) =>
        requested <= 0 ? defaultLimit : Math.Min(requested, maximum);

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$")]
    private static partial Regex UidPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();
}
