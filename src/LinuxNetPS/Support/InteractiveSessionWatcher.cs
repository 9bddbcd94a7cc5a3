using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;

namespace LinuxNetPS.Support;

/// <summary>
/// Closes a runspace entered at the prompt once the user has left it (exit / Exit-PSSession), so
/// the namespace's pwsh does not outlive the prompt. The host raises no event for that, so it is polled.
/// </summary>
internal static class InteractiveSessionWatcher
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly List<Timer> Alive = [];

    public static void CloseWhenLeft(IHostSupportsInteractiveSession host, Runspace runspace)
    {
        bool entered = false;
        int ticks = 0;
        // The host pushes the runspace once this command's pipeline ends, and runs its prompt there at once: the first
        // time the runspace is busy, the user is inside. A poll alone misses a visit shorter than its interval (a
        // script at the prompt that enters, runs a line and exits), and would keep that pwsh for the minute below.
        runspace.AvailabilityChanged += (_, e) =>
        {
            if (e.RunspaceAvailability is RunspaceAvailability.Busy or RunspaceAvailability.AvailableForNestedCommand) Volatile.Write(ref entered, true);
        };
        Timer? timer = null;
        timer = new Timer(_ =>
        {
            bool inside = host.IsRunspacePushed && ReferenceEquals(host.Runspace, runspace);
            if (inside) Volatile.Write(ref entered, true);
            // Left after entering, gone for another reason, or never entered within a minute (the push failed).
            if ((Volatile.Read(ref entered) && !inside) || runspace.RunspaceStateInfo.State != RunspaceState.Opened || (!entered && ++ticks > 120))
            {
                lock (Alive) Alive.Remove(timer!);
                timer!.Dispose();
                NamespaceSessions.End(runspace);
            }
        });
        lock (Alive) Alive.Add(timer);
        timer.Change(Interval, Interval);
    }
}
