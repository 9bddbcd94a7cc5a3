namespace LinuxNetPS.Model;

/// <summary>
/// A network namespace. Its name is exposed as <see cref="Namespace"/> (not "Name") on purpose:
/// piped into a link cmdlet it must bind -Namespace, never a link-name parameter.
/// </summary>
/// <param name="Namespace">The name under /run/netns, a path or pid spec for unnamed ones, null for the host.</param>
/// <param name="Path">The namespace file: /run/netns/NAME, /proc/PID/ns/net, or /proc/1/ns/net for the host.</param>
/// <param name="Inode">The namespace's inode number (what `ls -i`, `lsns` and `ip netns identify` compare).</param>
/// <param name="IsHost">Whether this is the namespace of PID 1.</param>
public sealed record NetNamespace(string? Namespace, string Path, ulong Inode, bool IsHost)
{
    public override string ToString() => Namespace ?? "(host)";
}
