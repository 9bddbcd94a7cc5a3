namespace LinuxNetPS.Model;

/// <summary>
/// A network namespace. Its name is exposed as <see cref="Namespace"/> (not "Name") on purpose:
/// piped into a link cmdlet it must bind -Namespace, never a link-name parameter.
/// </summary>
/// <param name="Namespace">
/// The name under /run/netns, a path or pid spec for unnamed ones, and "1" (PID 1's namespace) for the host:
/// every value names the namespace when it binds -Namespace, and none is empty.
/// </param>
/// <param name="Path">The namespace file: /run/netns/NAME, /proc/PID/ns/net, or /proc/1/ns/net for the host.</param>
/// <param name="Inode">The namespace's inode number (what `ls -i`, `lsns` and `ip netns identify` compare); 0 when not mounted.</param>
/// <param name="IsHost">Whether this is the namespace of PID 1.</param>
/// <param name="IsMounted">
/// False for a stale /run/netns entry: the file exists but holds no namespace (a creation that was killed
/// before it mounted, or a file somebody else put there). `ip netns list` shows such entries too; Remove-NetNamespace deletes them.
/// </param>
public sealed record NetNamespace(string? Namespace, string Path, ulong Inode, bool IsHost, bool IsMounted = true)
{
    /// <summary>The value of <see cref="Namespace"/> for the host: PID 1's namespace, as -Namespace 1 names it.</summary>
    public const string HostSpec = "1";

    public override string ToString() => IsHost ? "(host)" : Namespace ?? "(unnamed)";
}
