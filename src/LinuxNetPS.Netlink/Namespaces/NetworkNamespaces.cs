using System.Diagnostics;
using LinuxNetPS.Errors;
using LinuxNetPS.Interop;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// Creates, lists and deletes named network namespaces exactly as iproute2 does (a bind mount
/// of the namespace file at /run/netns/NAME), so `ip netns` sees ours and we see theirs; and runs
/// code or processes inside a namespace.
/// </summary>
public static class NetworkNamespaces
{
    private static readonly object RunDirectoryGate = new();
    private static bool _runDirectoryReady;

    /// <summary>Creates /run/netns/NAME holding a new network namespace. Nothing is left behind on failure.</summary>
    public static NetNamespace Create(string name) => Create(name, null);

    /// <summary>
    /// Creates /run/netns/NAME holding a new network namespace set up as <paramref name="options"/> say (before any
    /// link exists in it). Nothing is left behind on failure.
    /// </summary>
    public static NetNamespace Create(string name, NamespaceOptions? options) => CreateOn(NamespaceWorker.Instance, name, options);

    /// <summary>
    /// Creates several namespaces, on as many worker threads as there are CPUs (at most 4), which
    /// is faster than one by one. All or nothing: if one cannot be made, those already made are
    /// deleted again and the first error is thrown. Results are in the order of <paramref name="names"/>.
    /// </summary>
    public static IReadOnlyList<NetNamespace> CreateMany(IReadOnlyList<string> names) => CreateMany(names, null);

    /// <summary>As <see cref="CreateMany(IReadOnlyList{string})"/>, each namespace set up as <paramref name="options"/> say.</summary>
    public static IReadOnlyList<NetNamespace> CreateMany(IReadOnlyList<string> names, NamespaceOptions? options)
    {
        foreach (var name in names) NamespaceRef.ValidateName(name);
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw NetOperationException.Invalid($"The namespace name '{duplicate.Key}' is given more than once.", duplicate.Key);
        if (names.Count <= 1) return names.Select(n => Create(n, options)).ToList();

        var workers = NamespaceWorker.Pool(Math.Clamp(Environment.ProcessorCount, 1, Math.Min(4, names.Count)));
        var results = new NetNamespace?[names.Count];
        var errors = new Exception?[names.Count];
        // Worker w takes names w, w + n, w + 2n ..., all in one hand-off (its own stripe runs on its thread, so the
        // per-namespace steps need no hand-off); the tasks only wait for their worker thread.
        void Stripe(int w) => workers[w].RunOnWorker(() =>
        {
            for (int i = w; i < names.Count; i += workers.Count)
            {
                try { results[i] = CreateOn(workers[w], names[i], options); }
                catch (Exception e) { errors[i] = e; }
            }
            return 0;
        });
        var others = Enumerable.Range(1, workers.Count - 1).Select(w => Task.Run(() => Stripe(w))).ToArray();
        Stripe(0); // the calling thread waits for the first worker itself
        Task.WaitAll(others);

        if (errors.FirstOrDefault(e => e is not null) is { } first)
        {
            foreach (var made in results)
                if (made is not null) Delete(made.Namespace!);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
        return results.Select(r => r!).ToList();
    }

    private static NetNamespace CreateOn(NamespaceWorker worker, string name, NamespaceOptions? options)
    {
        NamespaceRef.ValidateName(name);
        var ns = NamespaceRef.Parse(name);
        PrepareRunDirectory();

        // O_CREAT | O_EXCL never follows a symlink: whatever is already there makes this fail.
        int fd = Sys.Open(ns.Path, Sys.O_RDONLY | Sys.O_CREAT | Sys.O_EXCL | Sys.O_CLOEXEC | Sys.O_NOFOLLOW, 0);
        if (fd < 0)
        {
            var error = Sys.LastError("create network namespace", name);
            if (error.Kind != NetErrorKind.AlreadyExists) throw error;
            string stale = NamespaceFile.Probe(ns.Path).Mounted ? ""
                : $" {ns.Path} is a stale entry that holds no namespace (left by an interrupted creation, for example); Remove-NetNamespace '{name}' deletes it.";
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"Network namespace '{name}' already exists.{stale}", Errno.EEXIST, null, "create network namespace", name).WithErrorId(ErrorIds.NamespaceExists);
        }
        new FileDescriptor(fd).Dispose();
        FaultPoint.Reach("namespace-entry-created");

        try
        {
            // In the new namespace: pin it with the bind mount, and open its netlink socket while
            // we are there, which saves entering it again for the first request.
            var (file, inode, socket) = worker.RunInNewNamespace(() =>
            {
                Sys.ThrowIfFailed(Sys.Mount("/proc/thread-self/ns/net", ns.Path, "none", Sys.MS_BIND, 0), "mount network namespace", ns.Path);
                // Only lo exists yet: settings made now hold for every link made here later.
                if (options is not null) NamespaceSysctl.Apply(options, name);
                // This descriptor is the new namespace: the client keeps it, so nothing is opened twice.
                var self = FileDescriptor.OpenReadOnly("/proc/thread-self/ns/net");
                try
                {
                    return (self, NamespaceFile.InodeOf(self)!.Value, NetlinkSocket.Open(NetlinkProtocol.Route));
                }
                catch
                {
                    self.Dispose();
                    throw;
                }
            });
            NamespaceSession.Adopt(ns, inode, file, socket);
            return new NetNamespace(name, ns.Path, inode, false);
        }
        catch
        {
            Sys.Umount2(ns.Path, Sys.MNT_DETACH | Sys.UMOUNT_NOFOLLOW);
            File.Delete(ns.Path);
            throw;
        }
    }

    /// <summary>
    /// Unmounts and removes /run/netns/NAME. The kernel destroys the namespace, and the links in it, once nothing
    /// else holds it. A stale entry (not mounted) is removed too, as `ip netns delete` does; a symlink there is
    /// removed itself, never what it points to.
    /// </summary>
    public static void Delete(string name)
    {
        NamespaceRef.ValidateName(name);
        var ns = NamespaceRef.Parse(name);
        if (!EntryExists(ns.Path)) throw NamespaceFile.NotFound(ns);
        DeleteEntry(ns, name);
    }

    /// <summary>At most this many deletions of one <see cref="DeleteMany"/> call wait in the kernel at once.</summary>
    private const int MaxDeleteThreads = 32;

    /// <summary>
    /// Deletes several namespaces, each as <see cref="Delete"/> does, and returns one outcome per name in the order
    /// given: null when it was deleted, or the exception that <see cref="Delete"/> would have thrown (nothing is
    /// thrown for a single name; invalid or missing names do not stop the others).
    /// </summary>
    /// <remarks>
    /// The order of deletion is chosen for speed, not taken from the input: namespaces this process connected to
    /// many others with veths (a bridge's namespace: <see cref="NamespaceSession"/> remembers) go first, then the rest
    /// in the order of their namespace inodes, which the kernel hands out in creation order. Deleting the hub first
    /// lets the kernel free all its veths, and so the peers in every other namespace, in one batch of its cleanup
    /// work; in another order each container's cleanup destroys its own veth and bridge port while the remaining
    /// deletions wait (measured in docs/performance-history.md, run D).
    /// </remarks>
    public static IReadOnlyList<Exception?> DeleteMany(IReadOnlyList<string> names)
    {
        var outcomes = new Exception?[names.Count];
        var todo = new List<(int Index, NamespaceRef Ns, int Connections, ulong Inode)>(names.Count);
        for (int i = 0; i < names.Count; i++)
        {
            try
            {
                NamespaceRef.ValidateName(names[i]);
                var ns = NamespaceRef.Parse(names[i]);
                if (Sys.LStatOf(ns.Path) is not { } stat) throw NamespaceFile.NotFound(ns);
                todo.Add((i, ns, NamespaceSession.ConnectionCount(ns), stat.Inode));
            }
            catch (Exception e) when (e is NetOperationException or ArgumentException)
            {
                outcomes[i] = e;
            }
        }
        var ordered = todo.OrderByDescending(t => t.Connections).ThenBy(t => t.Inode).ToList();
        // A name given twice is deleted once; the second gets the NotFound it would get from Delete.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = ordered.Where(t => !seen.Add(t.Ns.Path)).ToList();
        foreach (var d in duplicates) ordered.Remove(d);

        // Each deletion is mostly a wait in the kernel (about a fifth of the unmounts wait 1-20 ms, for an RCU grace
        // period), and waits of calls made at the same time overlap: one grace period ends them together. So many
        // threads take the ordered list from the front, the hub first. They wait rather than run, so their number is
        // not tied to the CPUs: at K=1000 on 2 CPUs, 2 threads took 0.9-1.3x `ip -batch`'s time, 16-64 threads 0.4-0.5x
        // (whole processes, docs/performance.md). Dedicated threads (LongRunning): the pool adds threads for blocked
        // work only slowly, and these end with the call, so none outlives it in whatever namespace the caller is in.
        int next = -1;
        void Work()
        {
            for (int i; (i = Interlocked.Increment(ref next)) < ordered.Count;)
            {
                var item = ordered[i];
                try { DeleteEntry(item.Ns, names[item.Index]); }
                catch (Exception e) when (e is NetOperationException or IOException or UnauthorizedAccessException) { outcomes[item.Index] = e; }
            }
        }
        int threads = ordered.Count < 8 ? 1 : Math.Clamp(ordered.Count / 8, 2, MaxDeleteThreads);
        var others = Enumerable.Range(1, threads - 1)
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Work();
        Task.WaitAll(others);
        foreach (var d in duplicates) outcomes[d.Index] = NamespaceFile.NotFound(d.Ns);
        return outcomes;
    }

    private static void DeleteEntry(NamespaceRef ns, string name)
    {
        NamespaceSession.Forget(ns); // our cached sockets would otherwise keep the namespace alive
        if (Sys.Umount2(ns.Path, Sys.MNT_DETACH | Sys.UMOUNT_NOFOLLOW) < 0)
        {
            var error = Sys.LastError("unmount network namespace", name);
            // EINVAL: not a mount point (a stale file); ENOENT: gone meanwhile. Still remove the file, as iproute2 does.
            if (error.Kind is not (NetErrorKind.InvalidArgument or NetErrorKind.NotFound)) throw error;
        }
        File.Delete(ns.Path);
    }

    /// <summary>
    /// The entries under /run/netns (sorted by name), as `ip netns list` shows them: mounted namespaces, and
    /// stale entries with <see cref="NetNamespace.IsMounted"/> false. Nothing is followed or waited for.
    /// </summary>
    public static IReadOnlyList<NetNamespace> List()
    {
        var result = new List<NetNamespace>();
        if (!Directory.Exists(NamespaceRef.RunDirectory)) return result;
        foreach (var path in Directory.EnumerateFileSystemEntries(NamespaceRef.RunDirectory).Order(StringComparer.Ordinal))
        {
            if (new DirectoryInfo(path) is { Exists: true, LinkTarget: null }) continue; // a directory is no namespace entry, not even a stale one
            var name = Path.GetFileName(path);
            var (mounted, inode) = NamespaceFile.Probe(path);
            result.Add(new NetNamespace(name, path, inode, false, mounted));
        }
        return result;
    }

    /// <summary>Resolves a namespace spec to its description; throws NotFound if it does not exist.</summary>
    public static NetNamespace Get(NamespaceRef ns)
    {
        using var fd = NamespaceFile.Open(ns, out ulong inode);
        return new NetNamespace(ns.IsHost ? NetNamespace.HostSpec : ns.Spec, ns.Path, inode, ns.IsHost);
    }

    /// <summary>
    /// Like <see cref="Get"/>, but a stale /run/netns entry (the file is there, no namespace is mounted on it) is
    /// returned with <see cref="NetNamespace.IsMounted"/> false instead of failing, so it can be listed and removed.
    /// </summary>
    public static NetNamespace GetOrStale(NamespaceRef ns)
    {
        try
        {
            return Get(ns);
        }
        catch (NetOperationException) when (ns.Name is not null && EntryExists(ns.Path))
        {
            return new NetNamespace(ns.Spec, ns.Path, 0, false, IsMounted: false);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the calling thread while that thread is in the namespace,
    /// and always restores the thread's namespace. Processes started by the work inherit the
    /// namespace; other threads (thread pool, tasks) do not, and neither do /sys and /proc/net,
    /// which follow the mount namespace rather than the thread.
    /// </summary>
    public static T Run<T>(NamespaceRef ns, Func<T> work)
    {
        using var original = FileDescriptor.OpenReadOnly("/proc/thread-self/ns/net");
        using var target = NamespaceFile.Open(ns, out _);
        Sys.ThrowIfFailed(Sys.SetNs(target, Sys.CLONE_NEWNET), "enter network namespace", ns.ToString());
        try
        {
            return work();
        }
        finally
        {
            if (Sys.SetNs(original, Sys.CLONE_NEWNET) != 0)
                Environment.FailFast("LinuxNetPS could not return the calling thread to its network namespace.");
        }
    }

    public static void Run(NamespaceRef ns, Action work) => Run(ns, () => { work(); return 0; });

    /// <summary>
    /// Starts a process inside the namespace (the `ip netns exec NAME cmd args` case), with its
    /// mount semantics (see <see cref="IsolatedProcessLauncher"/>). A bare program name is looked up
    /// in PATH only (<see cref="ProgramPath"/>); arguments are passed as an argv array, never through a shell.
    /// </summary>
    public static Process StartProcess(NamespaceRef ns, string fileName, IEnumerable<string> arguments, Action<ProcessStartInfo>? configure = null)
    {
        var info = new ProcessStartInfo { UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        configure?.Invoke(info);
        var workingDirectory = string.IsNullOrEmpty(info.WorkingDirectory) ? Environment.CurrentDirectory : info.WorkingDirectory;
        info.FileName = ProgramPath.Resolve(fileName, workingDirectory, Environment.GetEnvironmentVariable("PATH"));
        return IsolatedProcessLauncher.Start(ns, info);
    }

    /// <summary>Whether a directory entry is there, a dangling symlink included (which File.Exists does not count).</summary>
    private static bool EntryExists(string path) => new FileInfo(path) is { Exists: true } or { LinkTarget: not null };

    /// <summary>
    /// Creates /run/netns with mode 0755 whatever the umask (as iproute2 does: a directory others can write to would
    /// let them plant entries), and makes it a shared mount point, once per process, so namespaces created later
    /// propagate to other mount namespaces.
    /// </summary>
    private static void PrepareRunDirectory()
    {
        lock (RunDirectoryGate)
        {
            if (_runDirectoryReady) return;
            RunDirectory.Create(NamespaceRef.RunDirectory);
            if (Sys.Mount("none", NamespaceRef.RunDirectory, null, Sys.MS_SHARED | Sys.MS_REC, 0) < 0)
            {
                // EINVAL: not a mount point yet. Bind it onto itself, then make it shared.
                Sys.ThrowIfFailed(Sys.Mount(NamespaceRef.RunDirectory, NamespaceRef.RunDirectory, "none", Sys.MS_BIND | Sys.MS_REC, 0), "prepare /run/netns");
                Sys.ThrowIfFailed(Sys.Mount("none", NamespaceRef.RunDirectory, null, Sys.MS_SHARED | Sys.MS_REC, 0), "prepare /run/netns");
            }
            _runDirectoryReady = true;
        }
    }
}
