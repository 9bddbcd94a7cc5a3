using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>What a driver works with: the network's namespace and the (locked) state of all its networks.</summary>
public sealed record DriverContext(NetClient Host, NetworkStateFile State);

/// <summary>
/// A container network driver (bridge, macvlan, ipvlan, host, none), registered in <see cref="NetworkDrivers"/>:
/// a new driver is a new file plus one registration. Drivers only plan; the caller applies the plan (all or
/// nothing) and keeps the state. Every method that changes the kernel adds steps with their undo to a plan.
/// </summary>
public interface INetworkDriver
{
    string Name { get; }

    /// <summary>Whether New-ContainerNetwork can create networks of this driver (host and none are built in only).</summary>
    bool Creatable { get; }

    /// <summary>The modes -Mode takes (macvlan_mode, ipvlan_mode), the default first; empty for drivers without modes.</summary>
    IReadOnlyList<string> Modes { get; }

    /// <summary>Checks a new network's settings and fills the defaults (bridge name, subnet ...). Throws on bad input; changes nothing.</summary>
    void Prepare(NetworkRecord network, DriverContext context);

    void PlanCreate(NetworkRecord network, DriverContext context, ChangePlan plan);

    /// <summary>Removes the network's own kernel objects (its endpoints are gone already). Best effort: missing objects are fine.</summary>
    void PlanRemove(NetworkRecord network, DriverContext context, ChangePlan plan);

    /// <summary>Checks a new endpoint (throws on bad input) and fills driver names (host interface ...).</summary>
    void PrepareEndpoint(NetworkRecord network, EndpointRecord endpoint, DriverContext context, NetClient container);

    void PlanConnect(NetworkRecord network, EndpointRecord endpoint, DriverContext context, NetClient container, ChangePlan plan);

    /// <summary>Deletes what an endpoint made, as far as it exists (disconnect, and the rollback of a Connect that was killed).</summary>
    void Release(NetworkRecord network, EndpointRecord endpoint, DriverContext context, NetClient? container);

    /// <summary>Why the network cannot work as it is (its bridge or parent is gone), or null.</summary>
    string? Problem(NetworkRecord network, DriverContext context);
}
