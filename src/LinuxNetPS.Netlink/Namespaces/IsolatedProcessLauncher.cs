using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// Starts a process entirely inside a network namespace, with the mount semantics of
/// `ip netns exec NAME`: a new mount namespace in which /sys is a fresh sysfs of the target
/// namespace and every file in /etc/netns/NAME is bind-mounted over /etc/FILE.
/// </summary>
/// <remarks>
/// A forked child inherits the network and mount namespace of the thread that forks it, so the
/// fork must come from a thread that is in the target. But every thread such a thread creates
/// (a thread-pool worker it injects, the wait thread behind Process.EnableRaisingEvents, the
/// runtime's signal thread on first Process use) would live on in the target and pollute this
/// process. So: signal handling is initialised on the caller's thread first; a fresh dedicated
/// thread enters the namespace, unshares the mount namespace, mounts, calls Process.Start with
/// EnableRaisingEvents off (nothing queued, nothing waited on), and ends, never to be reused. Exit
/// notification is switched on afterwards, back on the caller's thread. The caller's own thread
/// never changes namespace.
/// </remarks>
public static class IsolatedProcessLauncher
{
    /// <summary>Starts <paramref name="info"/> (an absolute FileName) inside <paramref name="ns"/>; returns the running process with exit events enabled.</summary>
    public static Process Start(NamespaceRef ns, ProcessStartInfo info, bool background = false)
    {
        var process = new Process { StartInfo = info };
        try
        {
            Start(ns, process, background);
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts an already configured, not yet started <paramref name="process"/> inside <paramref name="ns"/>.
    /// Its FileName must be an absolute path: .NET would otherwise look in the current directory
    /// before PATH. On return the process runs and EnableRaisingEvents is true.
    /// </summary>
    /// <param name="ns">The network namespace; a named one also gets its /etc/netns/NAME files.</param>
    /// <param name="process">Configured (StartInfo), not yet started.</param>
    /// <param name="background">
    /// The program is not the terminal's foreground job: it starts with SIGINT and SIGQUIT blocked, so
    /// Ctrl+C or Ctrl+\ pressed for something else does not hit it (its process group is the
    /// terminal's, which .NET gives no way to change). Stop it with a signal it does not block (Stop-Process).
    /// </param>
    public static void Start(NamespaceRef ns, Process process, bool background = false)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(process);
        var file = process.StartInfo.FileName;
        if (!Path.IsPathRooted(file))
            throw NetOperationException.Invalid($"The program to start in {ns.Description} must be given as an absolute path, not '{file}'.", file);
        if (process.StartInfo.UseShellExecute)
            throw NetOperationException.Invalid("A process started in a namespace cannot use the shell to start (UseShellExecute).", file);
        // execve takes C strings: an argument would end at its first NUL, and the program would see less than was given.
        for (int i = 0; i < process.StartInfo.ArgumentList.Count; i++)
            if (process.StartInfo.ArgumentList[i] is { } argument && argument.Contains('\0'))
                throw NetOperationException.Invalid(
                    $"Argument {i + 1} for '{file}', '{InputText.Echo(argument)}', holds a NUL character (at position {argument.IndexOf('\0') + 1}), where the system would cut it short; nothing was started.", argument)
                    .WithErrorId(ErrorIds.InvalidProgramArgument);

        // Threads this one creates below (the launcher, the runtime's exit watcher) take its namespaces.
        if (!ThreadCensus.CallingThreadIsHome())
            throw new NetOperationException(NetErrorKind.Other,
                $"Cannot start a program in {ns.Description} from a thread that is itself in another namespace (for example inside Invoke-NetNamespace -InProcess): the threads made for it would stay there. Start it from outside that block.",
                target: file);
        // Opened (and checked to be a network namespace) here, so a bad namespace fails before any thread is made.
        using var target = NamespaceFile.Open(ns, out _);
        var sysReadOnly = MountTable.IsReadOnly("/sys");
        var etcFiles = ns.Name is { } name ? EtcOverlay.FilesFor(name) : [];
        EnsureSignalHandlingOnThisThread();

        process.EnableRaisingEvents = false;
        ExceptionDispatchInfo? failure = null;
        var launcher = new Thread(() =>
        {
            try
            {
                if (background) Sys.BlockSignalsOnThisThread(Sys.SIGINT, Sys.SIGQUIT); // inherited by the child
                EnterAndStart(ns, target, sysReadOnly, etcFiles, process);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, maxStackSize: 256 * 1024)
        {
            IsBackground = true,
            Name = "LinuxNetPS namespace launcher",
        };
        launcher.Start();
        launcher.Join();
        failure?.Throw();

        // Back on the caller's thread: from here on the runtime may make threads for exit notification.
        process.EnableRaisingEvents = true;
    }

    /// <summary>Runs on the dedicated thread only: the thread ends right after, so nothing is restored.</summary>
    private static void EnterAndStart(NamespaceRef ns, FileDescriptor target, bool sysReadOnly, IReadOnlyList<EtcOverlay.Entry> etcFiles, Process process)
    {
        Sys.ThrowIfFailed(Sys.SetNs(target, Sys.CLONE_NEWNET), "enter network namespace", ns.ToString());
        // A new mount namespace for this thread alone (it also gets its own fs_struct); the kernel
        // allows unshare(CLONE_NEWNS) in a multithreaded process, unlike setns into one.
        Sys.ThrowIfFailed(Sys.Unshare(Sys.CLONE_NEWNS), "create mount namespace", ns.ToString());
        // Mounts made below must not propagate back into the host's mount namespace.
        Sys.ThrowIfFailed(Sys.Mount("", "/", null, Sys.MS_SLAVE | Sys.MS_REC, 0), "make / a slave mount", "/");
        // The old /sys shows the host's links; a sysfs mounted from inside the namespace shows its own.
        // umount2 fails when nothing is mounted on /sys, which is fine: the mount below covers that case.
        Sys.Umount2("/sys", Sys.MNT_DETACH);
        Sys.ThrowIfFailed(Sys.Mount(ns.Name ?? "sysfs", "/sys", "sysfs", sysReadOnly ? Sys.MS_RDONLY : 0, 0), "mount /sys", ns.ToString());
        foreach (var entry in etcFiles)
            Sys.ThrowIfFailed(Sys.Mount(entry.Source, entry.Target, "none", Sys.MS_BIND, 0), "bind-mount /etc/netns file", entry.Target);

        bool started;
        try
        {
            started = process.Start();
        }
        catch (System.ComponentModel.Win32Exception e) when ((Errno)e.NativeErrorCode == Errno.E2BIG)
        {
            throw new NetOperationException(NetErrorKind.ResourceExhausted,
                $"Could not start '{process.StartInfo.FileName}' in {ns.Description}: its arguments and environment are longer than the system takes (E2BIG; " +
                "one argument at most 128 KiB, all together about a quarter of the stack limit). Pass large data through a file or standard input.",
                Errno.E2BIG, operation: "start program", target: process.StartInfo.FileName, inner: e)
                .WithErrorId(ErrorIds.ArgumentListTooLong);
        }
        if (!started)
            throw new NetOperationException(NetErrorKind.Other, $"Could not start '{process.StartInfo.FileName}' in {ns.Description}.", target: process.StartInfo.FileName);
    }

    private static int _signalHandlingReady;

    /// <summary>
    /// The runtime creates its signal-handling thread on first use; it must be created here, on a
    /// thread in the caller's namespace, not by the first Process.Start on the launcher thread.
    /// </summary>
    private static void EnsureSignalHandlingOnThisThread()
    {
        if (Interlocked.Exchange(ref _signalHandlingReady, 1) == 1) return;
#pragma warning disable CA1416 // Linux only, like the whole library; SIGCONT is harmless to watch for a moment.
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGCONT, _ => { });
#pragma warning restore CA1416
    }
}
