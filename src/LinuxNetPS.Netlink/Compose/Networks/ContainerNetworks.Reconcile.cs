using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.Drivers;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Networks;

/// <summary>Reconciling the state with the kernel on every read, and releasing endpoints.</summary>
public sealed partial class ContainerNetworks
{
    /// <summary>
    /// The kernel wins: an endpoint written as Pending belongs to a Connect that died (the lock is ours, so it is not
    /// running), and an endpoint whose namespace is gone (or is another namespace now) is released; both free the address.
    /// </summary>
    private void Reconcile(Ctx c)
    {
        foreach (var e in c.State.Endpoints.ToList())
        {
            var network = NetworkOf(c, e.NetworkId);
            if (network is null) { c.State.Endpoints.Remove(e); c.Session.Dirty = true; continue; }
            bool alive = ContainerAlive(e);
            if (e.Phase == EndpointPhase.Connected && alive) continue;
            Release(c, network, e);
        }
    }

    /// <summary>A network by id: one of the state's, or a built-in one that has no record (none, host).</summary>
    private static NetworkRecord? NetworkOf(Ctx c, string id) =>
        c.State.Networks.FirstOrDefault(n => n.Id == id) ?? BuiltInNetworks.Names.Select(BuiltInNetworks.Definition).FirstOrDefault(n => n.Id == id);

    /// <summary>Why an endpoint is stale (a Connect that died, a container that is gone), or null: what a read reports.</summary>
    private static string? StaleReason(EndpointRecord e) =>
        e.Phase == EndpointPhase.Pending ? $"{e.ContainerNamespace} (a Connect by process {e.OwnerPid} that did not finish)"
        : !ContainerAlive(e) ? $"{e.ContainerNamespace} (gone)" : null;

    private static bool ContainerAlive(EndpointRecord e)
    {
        try { return NetworkNamespaces.Get(NamespaceRef.Parse(e.ContainerPath)).Inode == e.ContainerInode; }
        catch (NetOperationException) { return false; }
    }

    /// <summary>Deletes what the endpoint made (what exists of it) and frees it.</summary>
    private static void Release(Ctx c, NetworkRecord network, EndpointRecord e)
    {
        NetClient? container = null;
        if (ContainerAlive(e))
            try { container = NetClient.For(e.ContainerNamespace); if (container.Inode != e.ContainerInode) container = null; }
            catch (NetOperationException) { container = null; }
        NetworkDrivers.Resolve(network.Driver).Release(network, e, c.Context, container);
        c.State.Endpoints.Remove(e);
        c.ChangedNetworks.Add(network.Id);
        if (NameFiles.ContainerName(e) is { } name) c.Left.Add(name);
        c.Session.Dirty = true;
    }
}
