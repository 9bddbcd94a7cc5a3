namespace LinuxNetPS.Namespaces;

/// <summary>
/// Which network namespace the threads of this process are in. A thread inherits the namespaces of
/// the thread that creates it, so code run on a thread inside another namespace can leave threads
/// there (thread-pool workers injected while it ran, timers, waits); this finds them.
/// </summary>
public static class ThreadCensus
{
    /// <summary>The ids of this process's threads whose network namespace has inode <paramref name="inode"/>.</summary>
    public static IReadOnlyList<int> ThreadsIn(ulong inode)
    {
        var link = $"net:[{inode}]";
        var found = new List<int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string? target;
            try
            {
                target = new FileInfo(Path.Combine(task, "ns", "net")).LinkTarget;
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }
            if (target == link && int.TryParse(Path.GetFileName(task), out int tid)) found.Add(tid);
        }
        return found;
    }

    /// <summary>Whether the calling thread is in the same network and mount namespace as the process (its main thread).</summary>
    public static bool CallingThreadIsHome() =>
        Same("/proc/thread-self/ns/net", "/proc/self/ns/net") && Same("/proc/thread-self/ns/mnt", "/proc/self/ns/mnt");

    private static bool Same(string a, string b) => new FileInfo(a).LinkTarget == new FileInfo(b).LinkTarget;
}
