using System.Net;
using System.Net.Sockets;

namespace Handoff.Testing;

/// <summary>
/// Ports nobody listens on, found by letting the kernel pick: all requested ports are held open together while
/// choosing, so one call never returns the same port twice.
/// </summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }
            var ports = new int[count];
            for (var i = 0; i < count; i++)
                ports[i] = ((IPEndPoint)listeners[i].LocalEndpoint).Port;
            return ports;
        }
        finally
        {
            foreach (var listener in listeners)
                listener?.Stop();
        }
    }
}
