using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.State;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Compose.Nat;

/// <summary>What the kernel cannot hold about one namespace's NetNats: each NAT's name, its prefix and which port forwards are its mappings.</summary>
internal sealed class NetNatRecords
{
    public ulong NamespaceInode { get; set; }
    public ulong NamespaceCookie { get; set; }
    public string? NamespacePath { get; set; }
    public List<NetNatRecord> Nats { get; set; } = [];
}

internal sealed class NetNatRecord
{
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    /// <summary>Windows' -ExternalIPInterfaceAddressPrefix, when the NAT was made with one (its rule then names the interface).</summary>
    public string? ExternalPrefix { get; set; }
    /// <summary>The masquerade rule's id.</summary>
    public string RuleId { get; set; } = "";
    /// <summary>The port forwards' rule ids.</summary>
    public List<string> Mappings { get; set; } = [];
}

/// <summary>
/// The NetNat records of one namespace: /run/linuxnetps/netnat/netns-INODE-COOKIE.json, keyed and locked as the container
/// networks' state is (<see cref="NetworkStore"/>): the namespace's inode and netns cookie, an exclusive flock per
/// read-modify-write, atomic writes; a file whose namespace is gone (its inode reused, or its /run/netns name pointing
/// elsewhere) is removed on the next use.
/// </summary>
internal sealed class NetNatStore
{
    private const string Kind = "netnat";
    private const string Guarded = "NetNat state";
    private readonly NetClient _client;
    private readonly NamespaceStateFiles _files;
    private readonly string _statePath;
    private readonly string _lockPath;

    public NetNatStore(NetClient client)
    {
        _client = client;
        _files = new NamespaceStateFiles(client, Kind);
        _statePath = _files.StatePath;
        _lockPath = _files.LockPath;
    }

    /// <summary>Runs <paramref name="work"/> on the records, locked; saves them afterwards (and removes the files when no NAT is left).</summary>
    public T Update<T>(Func<NetNatRecords, T> work)
    {
        StateDirectory.Ensure(Kind);
        using var gate = StateLock.Acquire(_lockPath, Guarded);
        var records = Load();
        var result = work(records);
        if (records.Nats.Count == 0)
        {
            try { File.Delete(_statePath); } catch (IOException) { }
            gate.Unlink(_lockPath);
        }
        else StateFile.WriteAtomically(_statePath, records);
        return result;
    }

    /// <summary>Runs <paramref name="work"/> on the records as they are, locked, without saving.</summary>
    public T Read<T>(Func<NetNatRecords, T> work)
    {
        if (!File.Exists(_statePath)) return work(Empty());
        StateDirectory.Ensure(Kind);
        using var gate = StateLock.Acquire(_lockPath, Guarded);
        return work(Load());
    }

    private NetNatRecords Empty() => new() { NamespaceInode = _client.Inode, NamespaceCookie = _files.Cookie, NamespacePath = _client.Namespace.Path };

    private NetNatRecords Load()
    {
        _files.RemoveFilesOfDeadNamespaces();
        if (!File.Exists(_statePath)) return Empty();
        try
        {
            return StateFile.Read<NetNatRecords>(_statePath);
        }
        catch (JsonException e)
        {
            throw new NetOperationException(NetErrorKind.Malformed,
                $"The NetNat state {_statePath} cannot be read ({e.Message}). Move it away to start over; the NAT rules stay until removed (Get-NatRule).",
                operation: "read NetNat state", target: _statePath, inner: e);
        }
    }
}
