using Handoff.Contracts.Errors;

namespace Handoff.Contracts.Federation;

/// <summary>
/// "facility@network": a facility of another regional network's cluster; a plain "facility" is local. Inside a
/// cluster the same form names the remote source of a relayed transfer (its studies are kept as "facility@network").
/// </summary>
public readonly record struct FacilityAddress(string FacilityId, string? Network)
{
    public const char Separator = '@';

    public bool IsRemote => Network is not null;

    public static FacilityAddress Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.IndexOf(Separator, StringComparison.Ordinal);
        if (at < 0)
            return new FacilityAddress(address, null);
        if (at == 0 || at == address.Length - 1 || address.IndexOf(Separator, at + 1) >= 0)
            throw DomainException.Invalid($"{InputEcho.Quote(address)} is not a facility address: use facility or facility@network");
        return new FacilityAddress(address[..at], address[(at + 1)..]);
    }

    public static string Of(string facilityId, string network) => $"{facilityId}{Separator}{network}";

    public override string ToString() => Network is null ? FacilityId : Of(FacilityId, Network);
}
