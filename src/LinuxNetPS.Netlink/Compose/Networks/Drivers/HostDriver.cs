using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>
/// --network=host: no namespace of its own, the container's processes run in the host's namespace. There is
/// nothing to connect, so Connect refuses with how to do it: run the process in the network's namespace
/// (Invoke-NetNamespace -Namespace HOST). The same holds for --network=container:OTHER (run it in OTHER's namespace).
/// </summary>
internal sealed class HostDriver : INetworkDriver
{
    public string Name => "host";
    public bool Creatable => false;
    public IReadOnlyList<string> Modes => [];
    public void Prepare(NetworkRecord n, DriverContext c) => throw NoneDriver.BuiltInOnly(Name);
    public void PlanCreate(NetworkRecord n, DriverContext c, ChangePlan plan) { }
    public void PlanRemove(NetworkRecord n, DriverContext c, ChangePlan plan) { }

    public void PrepareEndpoint(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container) =>
        throw NetOperationException.Invalid(
            $"Host networking means no namespace of its own: a host-mode container is a process in {c.Host.Namespace.Description}. " +
            $"Run it there (Invoke-NetNamespace{(c.Host.Namespace.IsHost ? "" : $" -Namespace {c.Host.Namespace}")} {{ ... }}) instead of connecting {container.Namespace.Description}.",
            "host");

    public void PlanConnect(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container, ChangePlan plan) { }
    public void Release(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient? container) { }
    public string? Problem(NetworkRecord n, DriverContext c) => null;
}
