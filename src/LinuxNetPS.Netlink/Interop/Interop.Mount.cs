namespace LinuxNetPS.Interop;

/// <summary>
/// The mount-namespace constants `ip netns exec` semantics need (linux/sched.h, linux/mount.h).
/// The calls themselves (unshare, mount, umount2) are declared in Interop.Namespace.cs.
/// </summary>
internal static partial class Sys
{
    internal const int CLONE_NEWNS = 0x00020000;
    internal const ulong MS_RDONLY = 1;
    internal const ulong MS_SLAVE = 1 << 19;
}
