using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Networks.State;

/// <summary>
/// The persisted container-network state of one namespace: /run/linuxnetps/networks/netns-INODE-COOKIE.json
/// (tmpfs: it lives as long as the kernel objects it describes). The key is the namespace's identity, not its
/// name: its inode and its netns cookie (SO_NETNS_COOKIE, unique for the life of the kernel, so a namespace
/// that reuses a dead one's inode never inherits its networks, and parallel test runs never share a file).
/// Every read-modify-write runs under an exclusive flock of the matching .lock file; writes go to a temp file
/// that is renamed over the old one, so a reader never sees half a file, whoever was killed when.
/// The root is <see cref="StateDirectory"/> (/run/linuxnetps unless LINUXNETPS_STATE_DIR moves it).
/// </summary>
internal sealed class NetworkStore
{
    /// <summary>What the lock guards, as its errors say it.</summary>
    private const string Guarded = "container network state";

    private readonly NetClient _client;
    private readonly string _directory;
    private readonly string _statePath;
    private readonly string _lockPath;
    private readonly ulong _cookie;

    public NetworkStore(NetClient client)
    {
        _client = client;
        _directory = StateDirectory.Of("networks");
        _cookie = CookieOf(client.Namespace);
        string key = $"netns-{client.Inode}-{_cookie}";
        _statePath = Path.Combine(_directory, key + ".json");
        _lockPath = Path.Combine(_directory, key + ".lock");
    }

    /// <summary>Where this namespace's state lives (for messages and tests).</summary>
    public string StatePath => _statePath;

    /// <summary>
    /// Runs <paramref name="work"/> with the state locked: read, then the work (which may call
    /// <see cref="StateSession.Save"/> any number of times, e.g. to record an intent before kernel changes), then a final save
    /// if anything changed. An empty state removes its files.
    /// </summary>
    public T Update<T>(Func<StateSession, T> work)
    {
        StateDirectory.Ensure("networks");
        using var gate = StateLock.Acquire(_lockPath, Guarded);
        var session = new StateSession(this, Load());
        try
        {
            var result = work(session);
            if (session.Dirty) session.Save();
            return result;
        }
        finally
        {
            // Nothing left (or nothing ever written, e.g. a refused request): no files either.
            if (session.State.Networks.Count == 0 && session.State.Endpoints.Count == 0)
            {
                try { File.Delete(_statePath); } catch (IOException) { }
                gate.Unlink(_lockPath);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the state as recorded, locked so it is consistent, but never saved: a read changes
    /// nothing in the kernel and no record of this namespace (records of namespaces that are gone are removed).
    /// </summary>
    public T Read<T>(Func<StateSession, T> work)
    {
        StateDirectory.Ensure("networks");
        using var gate = StateLock.Acquire(_lockPath, Guarded);
        return work(new StateSession(this, Load(), readOnly: true));
    }

    private NetworkStateFile Load()
    {
        RemoveFilesOfDeadNamespaces();
        if (!File.Exists(_statePath))
            return new NetworkStateFile { NamespaceInode = _client.Inode, NamespaceCookie = _cookie, NamespacePath = _client.Namespace.Path };
        try
        {
            return StateFile.Read<NetworkStateFile>(_statePath);
        }
        catch (JsonException e)
        {
            throw new NetOperationException(NetErrorKind.Other,
                $"The container network state {_statePath} cannot be read ({e.Message}). Move it away to start over; the networks' bridges and rules stay until removed.",
                operation: "read container network state", target: _statePath, inner: e);
        }
    }

    internal void Write(NetworkStateFile state) => StateFile.WriteAtomically(_statePath, state);

    /// <summary>
    /// Files of namespaces that are gone: one for this inode with another cookie (the inode was reused), and one whose
    /// /run/netns name no longer names its namespace (deleted with its networks still defined). Namespaces known only
    /// by a pid or path are never judged: they may live on unnamed.
    /// </summary>
    private void RemoveFilesOfDeadNamespaces()
    {
        foreach (var path in Directory.EnumerateFiles(_directory, "netns-*.json"))
        {
            if (path == _statePath) continue;
            bool dead = Path.GetFileName(path).StartsWith($"netns-{_client.Inode}-", StringComparison.Ordinal);
            if (!dead)
            {
                try
                {
                    var other = StateFile.Read<NetworkStateFile>(path);
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
    internal static ulong CookieOf(NamespaceRef ns)
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
}

/// <summary>The state while locked: change <see cref="State"/>, mark it <see cref="Dirty"/> or <see cref="Save"/> now.</summary>
internal sealed class StateSession
{
    private readonly NetworkStore _store;

    private readonly bool _readOnly;

    public StateSession(NetworkStore store, NetworkStateFile state, bool readOnly = false)
    {
        _store = store;
        State = state;
        _readOnly = readOnly;
    }

    /// <summary>A read: nothing may be released or written.</summary>
    public bool ReadOnly => _readOnly;

    public NetworkStateFile State { get; }
    public bool Dirty { get; set; }

    public void Save()
    {
        if (_readOnly) throw new InvalidOperationException("A read of the container network state cannot save it.");
        _store.Write(State);
        Dirty = false;
    }
}
