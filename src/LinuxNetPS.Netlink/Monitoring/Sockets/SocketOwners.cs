namespace LinuxNetPS.Monitoring.Sockets;

/// <summary>
/// Which process has a socket open: /proc/PID/fd/N links to "socket:[INODE]". Only processes whose
/// network namespace (/proc/PID/ns/net, "net:[INODE]") is the one asked about are searched, plus this
/// process, whose threads open sockets inside other namespaces. Processes we may not look into
/// (without root) are skipped, so an owner can be missing.
/// </summary>
internal static class SocketOwners
{
    public readonly record struct Owner(int Pid, string? Name);

    public static Dictionary<ulong, Owner> Find(ulong namespaceInode, IReadOnlySet<ulong> inodes)
    {
        var owners = new Dictionary<ulong, Owner>();
        if (inodes.Count == 0) return owners;
        string wantedNamespace = $"net:[{namespaceInode}]";
        int self = Environment.ProcessId;
        IEnumerable<int> pids;
        try { pids = Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : 0).Where(pid => pid > 0).Order(); }
        catch (IOException) { return owners; }
        foreach (int pid in pids)
        {
            if (pid != self && ReadLink($"/proc/{pid}/ns/net") != wantedNamespace) continue;
            string[] fds;
            try { fds = Directory.GetFiles($"/proc/{pid}/fd"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            string? name = null;
            foreach (var fd in fds)
            {
                var target = ReadLink(fd);
                if (target is null || !target.StartsWith("socket:[", StringComparison.Ordinal)) continue;
                if (!ulong.TryParse(target.AsSpan(8, target.Length - 9), out ulong inode) || !inodes.Contains(inode) || owners.ContainsKey(inode)) continue;
                name ??= ReadComm(pid);
                owners[inode] = new Owner(pid, name);
            }
        }
        return owners;
    }

    private static string? ReadLink(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static string? ReadComm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n'); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
