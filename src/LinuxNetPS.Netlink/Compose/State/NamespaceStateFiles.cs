using System.Net.Sockets;
using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.State;

/// <summary>
/// Where one namespace's records of one kind live: KIND/netns-INODE-COOKIE.json and its .lock beside it. The key is the
/// namespace's identity, not its name: its inode and its netns cookie (SO_NETNS_COOKIE, unique for the life of the kernel),
/// so a namespace that reuses a dead one's inode never inherits its records, and parallel test runs never share a file.
/// Every kind of per-namespace state (container networks, NetNats) is keyed, and cleaned of dead namespaces, this one way.
/// </summary>
internal sealed class NamespaceStateFiles
{
    private readonly ulong _inode;

    public NamespaceStateFiles(NetClient client, string kind)
    {
        _inode = client.Inode;
        Kind = kind;
        Directory = StateDirectory.Of(kind);
        Cookie = CookieOf(client.Namespace);
        string key = $"netns-{client.Inode}-{Cookie}";
        StatePath = Path.Combine(Directory, key + ".json");
        LockPath = Path.Combine(Directory, key + ".lock");
    }

    /// <summary>The folder below the state root, e.g. "networks".</summary>
    public string Kind { get; }
    public string Directory { get; }
    public string StatePath { get; }
    public string LockPath { get; }
    public ulong Cookie { get; }

    /// <summary>
    /// Removes the files of namespaces that are gone: one for this inode with another cookie (the inode was reused), and
    /// one whose /run/netns name no longer names its namespace (deleted with its records still there). Namespaces known
    /// only by a pid or path are never judged: they may live on unnamed. Unreadable files are left alone.
    /// </summary>
    public void RemoveFilesOfDeadNamespaces()
    {
        if (!System.IO.Directory.Exists(Directory)) return;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "netns-*.json"))
        {
            if (path == StatePath) continue;
            bool dead = Path.GetFileName(path).StartsWith($"netns-{_inode}-", StringComparison.Ordinal);
            if (!dead)
            {
                try
                {
                    var other = StateFile.Read<NamespaceOfRecord>(path);
                    dead = other.NamespacePath is { } p && p.StartsWith(NamespaceRef.RunDirectory + "/", StringComparison.Ordinal)
                        && Interop.Sys.InodeOfPath(p) != other.NamespaceInode;
                }
                catch (Exception e) when (e is IOException or JsonException) { }
            }
            if (!dead) continue;
            try
            {
                File.Delete(path);
                File.Delete(Path.ChangeExtension(path, ".lock"));
            }
            catch (IOException) { }
        }
    }

    /// <summary>The namespace's cookie: getsockopt(SO_NETNS_COOKIE) on a socket opened inside it.</summary>
    public static ulong CookieOf(NamespaceRef ns)
    {
        const int SolSocket = 1, SoNetnsCookie = 71; // asm-generic/socket.h
        return NetworkNamespaces.Run(ns, () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var value = new byte[8];
            socket.GetRawSocketOption(SolSocket, SoNetnsCookie, value);
            return BitConverter.ToUInt64(value);
        });
    }

    /// <summary>The two fields every per-namespace record starts with; the rest of the file is not read here.</summary>
    private sealed class NamespaceOfRecord
    {
        public ulong NamespaceInode { get; set; }
        public string? NamespacePath { get; set; }
    }
}
