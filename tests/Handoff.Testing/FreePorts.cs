using System.Net;
using System.Net.Sockets;

namespace Handoff.Testing;

/// <summary>
/// Ports nobody listens on, found by letting the kernel pick: all requested ports are held open together while
/// choosing, so one call never returns the same port twice, and a port is handed out once per test process, so servers
/// started in parallel (each binding its ports seconds later, once its silo is up) never get one another's. Another
/// process can still take a port in that window; <see cref="ServerProcess"/> starts again on new ports if that happens.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int[] Take(int count)
    {
        var held = new List<TcpListener>();
        try
        {
            var ports = new List<int>(count);
            lock (HandedOut)
            {
                while (ports.Count < count)
                {
                    // Every port seen stays held until the end, so the kernel offers a different one next time.
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    held.Add(listener);
                    listener.Start();
                    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                    if (HandedOut.Add(port))
                        ports.Add(port);
                }
            }
            return [.. ports];
        }
        finally
        {
            foreach (var listener in held)
                listener.Stop();
        }
    }
}
