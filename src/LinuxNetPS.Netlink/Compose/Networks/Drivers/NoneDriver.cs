using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>
/// --network=none: the container keeps only its loopback interface, up. Connecting records an endpoint
/// without an address, so Get-ContainerEndpoint lists it like Docker's `docker network inspect none`.
/// </summary>
internal sealed class NoneDriver : INetworkDriver
{
    public string Name => "none";
    public bool Creatable => false;
    public IReadOnlyList<string> Modes => [];
    public void Prepare(NetworkRecord n, DriverContext c) => throw BuiltInOnly(Name);
    public void PlanCreate(NetworkRecord n, DriverContext c, ChangePlan plan) { }
    public void PlanRemove(NetworkRecord n, DriverContext c, ChangePlan plan) { }

    public void PrepareEndpoint(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container)
    {
        if (e.Ports.Count > 0 || e.Address is not null || e.MacAddress is not null)
            throw NetOperationException.Invalid("The none network gives a container only its loopback interface: no -IPAddress, -MacAddress or -Publish.");
        e.InterfaceName = null;
    }

    public void PlanConnect(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container, ChangePlan plan) =>
        EndpointSteps.PlanLoopback(container, plan);

    public void Release(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient? container) { }
    public string? Problem(NetworkRecord n, DriverContext c) => null;

    internal static NetOperationException BuiltInOnly(string name) =>
        NetOperationException.Invalid($"'{name}' is a built-in network; New-ContainerNetwork makes bridge, macvlan and ipvlan networks.", name)
            .WithErrorId(ErrorIds.InvalidNetworkDriver);
}
