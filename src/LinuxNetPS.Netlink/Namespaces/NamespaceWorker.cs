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

    // A plain queue under a monitor: the worker sleeps in Monitor.Wait and callers block in Monitor.Wait too.
    // (BlockingCollection and ManualResetEventSlim spin with sched_yield before they block: about 20 system
    // calls per hand-off, measured with strace, for work that itself takes a few system calls.)
    private readonly Queue<Action> _queue = new();
    private readonly Thread _thread;
    private FileDescriptor? _home;
    private ulong? _homeInode;

    private NamespaceWorker()
    {
        _thread = new Thread(() =>
        {
            _home = FileDescriptor.OpenReadOnly("/proc/thread-self/ns/net");
            _homeInode = Sys.InodeOf(_home);
            while (true)
            {
                Action work;
                lock (_queue)
                {
                    while (_queue.Count == 0) Monitor.Wait(_queue);
                    work = _queue.Dequeue();
                }
                work();
            }
        })
        { IsBackground = true, Name = "LinuxNetPS namespace worker" };
        _thread.Start();
        Run(() => 0); // the home namespace is known before anyone asks
    }

    /// <summary>Whether the calling thread is this worker (work handed to it from itself runs inline).</summary>
    private bool OnWorker => ReferenceEquals(Thread.CurrentThread, _thread);

    /// <summary>
    /// Runs <paramref name="work"/> on the worker thread and waits: for a bulk operation that calls
    /// <see cref="RunIn{T}"/> or <see cref="RunInNewNamespace{T}"/> many times, one hand-off instead of one per call.
    /// </summary>
    public T RunOnWorker<T>(Func<T> work) => Run(work);

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
        if (OnWorker) return work();
        T? result = default;
        Exception? error = null;
        bool done = false;
        var gate = new object();
        Action item = () =>
        {
            try { result = work(); }
            catch (Exception e) { error = e; }
            finally
            {
                lock (gate)
                {
                    done = true;
                    Monitor.Pulse(gate);
                }
            }
        };
        lock (_queue)
        {
            _queue.Enqueue(item);
            Monitor.Pulse(_queue);
        }
        lock (gate)
            while (!done) Monitor.Wait(gate);
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return result!;
    }
}
