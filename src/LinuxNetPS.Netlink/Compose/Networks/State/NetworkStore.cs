using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.State;
using LinuxNetPS.Errors;

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
    private readonly NamespaceStateFiles _files;
    private readonly string _statePath;
    private readonly string _lockPath;

    public NetworkStore(NetClient client)
    {
        _client = client;
        _files = new NamespaceStateFiles(client, "networks");
        _statePath = _files.StatePath;
        _lockPath = _files.LockPath;
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
        // Nothing recorded: nothing to lock either. A lock file made by a read would outlive the namespace (only the
        // files of a record are swept), one per namespace ever listed.
        if (!File.Exists(_statePath)) return work(new StateSession(this, Empty(), readOnly: true));
        StateDirectory.Ensure("networks");
        using var gate = StateLock.Acquire(_lockPath, Guarded);
        return work(new StateSession(this, Load(), readOnly: true));
    }

    private NetworkStateFile Load()
    {
        _files.RemoveFilesOfDeadNamespaces();
        if (!File.Exists(_statePath)) return Empty();
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

    private NetworkStateFile Empty() => new() { NamespaceInode = _client.Inode, NamespaceCookie = _files.Cookie, NamespacePath = _client.Namespace.Path };

    internal void Write(NetworkStateFile state) => StateFile.WriteAtomically(_statePath, state);
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
