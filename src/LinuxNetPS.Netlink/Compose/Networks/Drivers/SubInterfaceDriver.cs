using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Primitives;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>
/// What macvlan and ipvlan share: no bridge, a parent link in the network's namespace, and per container a link
/// of the kind stacked on the parent, created beside it under a temporary name, then moved into the container
/// and renamed there. The gateway is a router on the parent's network (not us), so there is no NAT and no
/// isolation rule: the kernel keeps sub-interfaces of different parents apart. Creating a network makes (and
/// deletes again) one probe link, so a missing parent or a kernel without the kind is reported right away.
/// </summary>
internal abstract class SubInterfaceDriver : INetworkDriver
{
    public abstract string Name { get; }
    public bool Creatable => true;
    public abstract IReadOnlyList<string> Modes { get; }
    /// <summary>The LinkSpec options carrying the mode (empty when the kind has no link driver to send it).</summary>
    protected abstract IReadOnlyDictionary<string, string> Options(string mode);

    public void Prepare(NetworkRecord n, DriverContext c)
    {
        if (n.BridgeName is not null) throw NetOperationException.Invalid($"-BridgeName is for the bridge driver; a {Name} network has no bridge.", n.BridgeName)
            .WithErrorId(ErrorIds.InvalidNetworkOption);
        if (n.Parent is null) throw NetOperationException.Invalid($"A {Name} network needs -Parent, the link its containers' interfaces stack on (for example eth0).")
            .WithErrorId(ErrorIds.InvalidNetworkOption);
        LinkName.Validate(n.Parent);
        n.Mode ??= Modes[0];
        if (!Modes.Contains(n.Mode))
            throw NetOperationException.Invalid($"Unknown {Name} mode '{n.Mode}' ({Name}_mode): use one of {string.Join(", ", Modes)} (default {Modes[0]}).", n.Mode)
                .WithErrorId(ErrorIds.InvalidNetworkOption);
        if (c.Host.Links.TryGet(n.Parent) is null)
            throw NetOperationException.NotFound($"The parent link '{n.Parent}' does not exist in {c.Host.Namespace.Description}; list the links (Get-NetLink) and name one.", n.Parent)
                .WithErrorId(ErrorIds.ParentLinkNotFound);
    }

    public void PlanCreate(NetworkRecord n, DriverContext c, ChangePlan plan)
    {
        var probe = EndpointSteps.RandomName("lnp");
        plan.Add($"check that {Name} links can stack on {n.Parent}", () =>
        {
            c.Host.Links.Create(Spec(n, probe, null));
            c.Host.Links.Delete(probe);
        }, () => EndpointSteps.DeleteLink(c.Host, probe));
    }

    public void PlanRemove(NetworkRecord n, DriverContext c, ChangePlan plan) { }

    public void PrepareEndpoint(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container)
    {
        if (e.Ports.Count > 0)
            throw NetOperationException.Invalid($"Published ports need the bridge driver: a {Name} container is reached at its own address ({e.Address}) directly.");
        EndpointSteps.RequireFreeName(container, e.InterfaceName!);
        do e.StagingInterface = EndpointSteps.RandomName("lnp");
        while (c.Host.Links.TryGet(e.StagingInterface) is not null);
    }

    public void PlanConnect(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container, ChangePlan plan)
    {
        var host = c.Host;
        plan.Add($"create {Name} {e.StagingInterface} on {n.Parent}", () => host.Links.Create(Spec(n, e.StagingInterface!, e.MacAddress)),
            () => EndpointSteps.DeleteLink(host, e.StagingInterface));
        plan.Add($"move {e.StagingInterface} into {container.Namespace.Description} as {e.InterfaceName}",
            () => host.Links.MoveTo(e.StagingInterface!, container.Namespace, e.InterfaceName),
            () => EndpointSteps.DeleteLink(container, e.InterfaceName));
        plan.Add($"{e.InterfaceName} up", () => container.Links.SetUp(e.InterfaceName!));
        EndpointSteps.PlanInside(n, e, container, plan);
    }

    public void Release(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient? container)
    {
        // Only links provably ours (our kind with the network's marker): a name in the record could be anyone's link.
        if (e.StagingInterface is not null && EndpointSteps.IsOurs(c.Host.Links.TryGet(e.StagingInterface), n, Name))
            EndpointSteps.DeleteLink(c.Host, e.StagingInterface);
        if (e.InterfaceName is not null && container is not null && EndpointSteps.IsOurs(container.Links.TryGet(e.InterfaceName), n, Name))
            EndpointSteps.DeleteLink(container, e.InterfaceName);
    }

    public string? Problem(NetworkRecord n, DriverContext c) =>
        c.Host.Links.TryGet(n.Parent!) is null ? $"its parent link '{n.Parent}' is gone from {c.Host.Namespace.Description}" : null;

    private LinkSpec Spec(NetworkRecord n, string name, string? mac) => new()
    {
        Name = name, Kind = Name, Parent = n.Parent, Mtu = n.Mtu, MacAddress = mac, Options = Options(n.Mode!), Alias = EndpointSteps.MarkerOf(n),
    };
}
