using System.Text.RegularExpressions;
using Handoff.Contracts.Errors;

namespace Handoff.Grains.Facilities;

/// <summary>Facility ids are slugs: they appear in API keys, grain keys and file names, so the alphabet is narrow.</summary>
internal static partial class FacilityIds
{
    public static void Validate(string? facilityId)
    {
        if (facilityId is null || !Slug().IsMatch(facilityId))
        {
            throw DomainException.Invalid(
                $"facilityId '{facilityId}' is not valid: use 2 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
    }

    // \z, not $: $ also matches before a final newline, which would let "st-marys\n" through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
