using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Bridges;

/// <summary>Bridges and their ports in one namespace (the `brctl` / `ip link ... master` cases).</summary>
public sealed class BridgeOperations
{
    private readonly NetClient _client;

    internal BridgeOperations(NetClient client) => _client = client;

    /// <summary>Creates a bridge (optionally up).</summary>
    public NetLink Create(string name, bool up = false, IReadOnlyDictionary<string, string>? options = null) => throw new NotImplementedException();

    /// <summary>All bridges with their ports.</summary>
    public IReadOnlyList<NetBridge> List() => throw new NotImplementedException();

    /// <summary>One bridge with its ports; NotFound if absent or not a bridge.</summary>
    public NetBridge Get(string name) => throw new NotImplementedException();

    /// <summary>The ports of a bridge, or of all bridges when null.</summary>
    public IReadOnlyList<BridgePort> GetPorts(string? bridge = null) => throw new NotImplementedException();

    /// <summary>Makes <paramref name="port"/> a port of <paramref name="bridge"/>.</summary>
    public BridgePort AddPort(string bridge, string port) => throw new NotImplementedException();

    /// <summary>Detaches <paramref name="port"/> from its bridge; if <paramref name="bridge"/> is given it must be that bridge.</summary>
    public void RemovePort(string port, string? bridge = null) => throw new NotImplementedException();
}
