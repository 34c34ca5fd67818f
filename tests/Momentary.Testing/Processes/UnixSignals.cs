using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Momentary.Testing.Processes;

/// <summary>
/// Sends a signal to a process, which .NET has no API for beyond SIGKILL (<see cref="System.Diagnostics.Process.Kill()"/>):
/// SIGTERM to test a graceful stop, SIGSTOP/SIGCONT to freeze a server without closing its sockets.
/// </summary>
public static class UnixSignals
{
    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    /// <returns>false when the process no longer exists; other failures throw.</returns>
    /// <exception cref="Win32Exception">The signal could not be sent (e.g. no permission).</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux or macOS.</exception>
    public static bool Send(int pid, UnixSignal signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("Unix signals need Linux or macOS");
        }

        if (Kill(pid, (int)signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        const int NoSuchProcess = 3; // ESRCH
        return errno == NoSuchProcess ? false : throw new Win32Exception(errno, $"kill({pid}, {signal}) failed");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
