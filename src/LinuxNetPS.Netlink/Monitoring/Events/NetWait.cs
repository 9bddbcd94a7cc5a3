using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Monitoring.Events;

/// <summary>What a wait found: whether the condition came true before the deadline, and what it returned.</summary>
public readonly record struct WaitOutcome<T>(bool Satisfied, T? Value);

/// <summary>
/// Waiting for a condition on a namespace's state without sleeping and hoping: subscribe to the
/// announcements first, then check the current state, and check again after every announcement
/// (or gap) until the condition holds, the timeout passes or the caller cancels. Subscribing first
/// closes the race where the change happens between the check and the subscription.
/// </summary>
public static class NetWait
{
    public static WaitOutcome<T> Until<T>(NetClient client, NetEventKinds kinds, Func<WaitOutcome<T>> check, TimeSpan timeout,
        CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var watcher = new NetEventWatcher([client], kinds);
        while (true)
        {
            var outcome = check();
            if (outcome.Satisfied) return outcome;
            if (cancel.IsCancellationRequested || DateTime.UtcNow >= deadline) return outcome;
            watcher.Next(deadline, cancel);
        }
    }
}
