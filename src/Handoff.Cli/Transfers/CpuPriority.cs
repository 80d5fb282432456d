using System.Runtime.InteropServices;
using Handoff.Protos.V1;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Gives this process's CPU time to more urgent work on the same machine: a `send` or `receive` of a routine
/// transfer runs at nice 10, an urgent one at nice 5, a STAT one as it was started. Measured on a 2-core machine
/// (bench/transfer/priority.sh), a STAT study sent while three routine transfers ran took 3.8 times its time alone
/// with every client at the same CPU priority, the server's scheduling notwithstanding, because the routine
/// clients took the cores; with the routine clients yielding, 1.1 to 1.4 times. Only ever lowers the priority
/// (a process started under a higher nice keeps it); Linux only, elsewhere nothing changes.
/// </summary>
internal static class CpuPriority
{
    private const int PriorityOfProcess = 0; // PRIO_PROCESS: on Linux, `who` is one thread id

    public static int NiceFor(Priority priority) => priority switch
    {
        Priority.Stat => 0,
        Priority.Urgent => 5,
        _ => 10,
    };

    /// <summary>Sets every thread of the process to the transfer's nice; threads started later inherit it.</summary>
    public static void Apply(Priority priority)
    {
        var nice = NiceFor(priority);
        if (nice == 0 || !OperatingSystem.IsLinux())
            return;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(task), out var threadId))
                continue;
            Marshal.SetLastPInvokeError(0);
            var current = GetPriority(PriorityOfProcess, threadId);
            if (Marshal.GetLastPInvokeError() == 0 && current >= nice)
                continue;
            // A thread that ended meanwhile fails with ESRCH: nothing to change there.
            _ = SetPriority(PriorityOfProcess, threadId, nice);
        }
    }

    // Blittable ints only, so the classic import needs no marshalling code (and no unsafe code in this project).
    [DllImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
