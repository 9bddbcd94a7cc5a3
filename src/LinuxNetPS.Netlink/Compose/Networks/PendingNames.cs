namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// Hosts and resolv.conf files still to write after connects made with it (<see cref="ContainerNetworks.ConnectMany"/>):
/// a pipeline of N connects writes each container's files once, at its end (<see cref="ContainerNetworks.WriteNames"/>),
/// instead of every container's files after every batch (N²/batch writes). Not thread-safe: one per pipeline.
/// </summary>
public sealed class PendingNames
{
    internal HashSet<string> Networks { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> Left { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether some files are still to be written.</summary>
    public bool Any => Networks.Count > 0 || Left.Count > 0;

    internal void Clear()
    {
        Networks.Clear();
        Left.Clear();
    }
}
