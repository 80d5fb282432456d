using System.Net.Sockets;
using Handoff.Dimse.Association;
using Handoff.Dimse.UpperLayer;
using Handoff.Testing;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>Opening an association to a peer process that may not be listening yet (storescp just started).</summary>
internal static class Associations
{
    public static Task<DicomAssociation> ConnectWhenListeningAsync(int port, AssociationParameters request, TimeSpan deadline) =>
        Poll.ForAsync(async () =>
        {
            try
            {
                return await DicomAssociation.RequestAsync("127.0.0.1", port, request, new PduLimits(), new AssociationTimeouts(), CancellationToken.None);
            }
            catch (SocketException)
            {
                return null; // not listening yet
            }
        }, deadline, $"{request.CalledAeTitle} accepting an association");
}
