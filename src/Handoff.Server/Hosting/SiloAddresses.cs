using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using SiloOptions = Handoff.Server.Options.SiloOptions;

namespace Handoff.Server.Hosting;

/// <summary>
/// The address a silo of a multi-machine cluster advertises to the others. Orleans' own choice (the first
/// non-loopback address) throws on a machine that has only loopback, where several silos of one cluster can still
/// run side by side; this falls back to loopback instead, and an operator can name the address outright.
/// </summary>
public static class SiloAddresses
{
    public static IPAddress Advertised(SiloOptions silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!string.IsNullOrWhiteSpace(silo.AdvertisedAddress))
        {
            return IPAddress.TryParse(silo.AdvertisedAddress, out var configured)
                ? configured
                : throw new Microsoft.Extensions.Options.OptionsValidationException(SiloOptions.Section, typeof(SiloOptions),
                    [$"Handoff:Silo:AdvertisedAddress '{silo.AdvertisedAddress}' is not an IP address"]);
        }
        return FirstNonLoopbackIPv4() ?? IPAddress.Loopback;
    }

    private static IPAddress? FirstNonLoopbackIPv4() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
