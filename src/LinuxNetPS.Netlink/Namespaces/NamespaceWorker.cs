using System.Collections.Concurrent;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// One dedicated thread that enters namespaces on request and always returns home afterwards.
/// setns() is per thread, so doing it here keeps the pipeline thread and the thread pool in the
/// namespace they started in. Used to open sockets inside a namespace and to create namespaces.
/// </summary>
internal sealed class NamespaceWorker
{
    private static readonly List<NamespaceWorker> Workers = new();

    /// <summary>The worker for everything that needs only one.</summary>
    public static NamespaceWorker Instance { get; } = Pool(1)[0];

    /// <summary>
    /// At least <paramref name="count"/> workers, for creating many namespaces at once: the kernel
    /// builds namespaces partly in parallel (measured here: 0.63 ms each on one thread, 0.50 on two).
    /// </summary>
    public static IReadOnlyList<NamespaceWorker> Pool(int count)
    {
        lock (Workers)
        {
            while (Workers.Count < count) Workers.Add(new NamespaceWorker());
            return Workers.Take(count).ToList();
        }
    }

    private readonly BlockingCollection<Action> _queue = new();
    private FileDescriptor? _home;
    private ulong? _homeInode;

    private NamespaceWorker()
    {
        var ready = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            _home = FileDescriptor.OpenReadOnly("/proc/thread-self/ns/net");
            _homeInode = Sys.InodeOf(_home);
            ready.Set();
            foreach (var work in _queue.GetConsumingEnumerable()) work();
        })
        { IsBackground = true, Name = "LinuxNetPS namespace worker" };
        thread.Start();
        ready.Wait();
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside the namespace open as <paramref name="target"/>. When that is
    /// the worker's own namespace (usually the host's) no setns is needed, which also lets a user
    /// without CAP_SYS_ADMIN read the host's links, addresses and routes.
    /// </summary>
    /// <param name="target">The open namespace file.</param>
    /// <param name="work">What to run there.</param>
    /// <param name="name">How errors name the namespace ("red"), so "Cannot enter network namespace 'red'" says which.</param>
    public T RunIn<T>(FileDescriptor target, Func<T> work, string? name = null) => Run(() =>
    {
        if (Sys.InodeOf(target) is { } inode && inode == _homeInode) return work();
        Sys.ThrowIfFailed(Sys.SetNs(target, Sys.CLONE_NEWNET), "enter network namespace", name);
        try { return work(); }
        finally { ReturnHome(); }
    });

    /// <summary>
    /// Runs <paramref name="work"/> in each of the namespaces in turn, in one hand-off to the worker thread. A namespace
    /// that cannot be entered, or whose work fails, gives null (the caller falls back to one <see cref="RunIn"/> each).
    /// </summary>
    public IReadOnlyList<T?> RunInEach<T>(IReadOnlyList<FileDescriptor> targets, Func<T> work) where T : class => Run(() =>
    {
        var results = new T?[targets.Count];
        for (int i = 0; i < targets.Count; i++)
        {
            bool home = Sys.InodeOf(targets[i]) is { } inode && inode == _homeInode;
            if (!home && Sys.SetNs(targets[i], Sys.CLONE_NEWNET) != 0) continue;
            try { results[i] = work(); }
            catch (Exception) { results[i] = null; }
            finally { if (!home) ReturnHome(); }
        }
        return (IReadOnlyList<T?>)results;
    });

    /// <summary>Runs <paramref name="work"/> in a brand-new network namespace (unshare), then returns home.</summary>
    public T RunInNewNamespace<T>(Func<T> work) => Run(() =>
    {
        Sys.ThrowIfFailed(Sys.Unshare(Sys.CLONE_NEWNET), "create network namespace");
        try { return work(); }
        finally { ReturnHome(); }
    });

    private void ReturnHome()
    {
        if (Sys.SetNs(_home!, Sys.CLONE_NEWNET) != 0)
            Environment.FailFast("LinuxNetPS could not return its namespace worker thread to its home network namespace.");
    }

    private T Run<T>(Func<T> work)
    {
        T? result = default;
        Exception? error = null;
        using var done = new ManualResetEventSlim();
        _queue.Add(() =>
        {
            try { result = work(); }
            catch (Exception e) { error = e; }
            finally { done.Set(); }
        });
        done.Wait();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return result!;
    }
}
