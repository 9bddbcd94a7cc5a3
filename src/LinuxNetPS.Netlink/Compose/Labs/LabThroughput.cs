using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Probes;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Throughput between two nodes of a running lab (Mininet's iperf): across one link, from the end named to the
/// address of the end across it, or from one node to another's first address. The stream is
/// <see cref="ThroughputProbe"/>'s: sockets made in the nodes' namespaces by this process, no iperf.
/// </summary>
public static class LabThroughput
{
    /// <summary>Who streams to what: the nodes, the target address, the link if one was named.</summary>
    public sealed record Plan(string Lab, string Source, string Target, IPAddress Address, string? Link);

    /// <summary>Across a link: from the end named (end A when both or the nodes were named) to the address of the other end.</summary>
    public static Plan ForLink(LabLinkSelection link)
    {
        // Both sockets are this process's: a link to another host of a split lab has its far end out of reach.
        if (link.Link.RemoteHost is not null)
            throw NetOperationException.Invalid(
                $"The link {link.Link.A}--{link.Link.B} goes to another host ({link.Link.RemoteHost}); a stream is measured between two nodes on one host.",
                $"{link.Link.A}--{link.Link.B}").WithErrorId(ErrorIds.InvalidLabLink);
        string from = link.Ends.Count == 1 ? link.Ends[0] : link.Link.A;
        string to = link.PeerOf(from);
        var (_, toInterface) = link.Locate(to);
        var node = link.Record.Nodes.First(n => n.Name == LabLinkSelection.NodeOf(to));
        var address = AddressesOf(node, toInterface).FirstOrDefault()
            ?? throw NetOperationException.Invalid(
                $"The far end of the link, '{to}', has no address to stream to (a bridge port, or a link without addresses); " +
                $"measure between two nodes with -From and -To.", to).WithErrorId(ErrorIds.InvalidLabLink);
        return new Plan(link.Record.Name, LabLinkSelection.NodeOf(from), node.Name, address, $"{link.Link.A}--{link.Link.B}");
    }

    /// <summary>From node <paramref name="source"/> to the first address of node <paramref name="target"/> it has a route to (IPv4 first).</summary>
    public static Plan ForNodes(string lab, string source, string target)
    {
        NetLabs.ValidateName(lab);
        var record = NetLabs.RecordOf(lab);
        LabNodeRecord Node(string name) => record.Nodes.FirstOrDefault(n => n.Name == name && n.Kind != nameof(LabNodeKind.Bridge))
            ?? throw NetOperationException.NotFound($"The lab '{lab}' has no host or router node '{InputText.Echo(name)}' (its nodes: {string.Join(", ", record.Nodes.Where(n => n.Kind != nameof(LabNodeKind.Bridge)).Select(n => n.Name))}).", name)
                .WithErrorId(ErrorIds.LabNodeNotFound);
        var from = Node(source);
        var to = Node(target);
        if (from.Name == to.Name)
            throw NetOperationException.Invalid($"-From and -To are both '{source}'; a stream needs two nodes.", source).WithErrorId(ErrorIds.InvalidLabLink);
        var addresses = AddressesOf(to, null).ToList();
        if (addresses.Count == 0)
            throw NetOperationException.Invalid($"The node '{target}' has no address to stream to.", target).WithErrorId(ErrorIds.InvalidLabLink);
        // The first address the source has a route to; with none, the first (and the stream says there is no route).
        var fromClient = NetClient.For(from.Namespace);
        var address = addresses.FirstOrDefault(a => HasRoute(fromClient, a)) ?? addresses[0];
        return new Plan(lab, from.Name, to.Name, address, null);
    }

    private static bool HasRoute(NetClient client, IPAddress address)
    {
        try { RouteLookup.For(client, address); return true; }
        catch (NetOperationException) { return false; }
    }

    /// <summary>Runs the stream of <paramref name="plan"/> for <paramref name="duration"/>.</summary>
    public static NetLabThroughput Measure(Plan plan, TimeSpan duration, Action<long, TimeSpan>? progress = null, CancellationToken cancel = default)
    {
        var record = NetLabs.RecordOf(plan.Lab);
        NetClient Client(string node) => NetClient.For(record.Nodes.First(n => n.Name == node).Namespace);
        var outcome = ThroughputProbe.Run(Client(plan.Source), Client(plan.Target), plan.Address, duration, progress, cancel);
        return new NetLabThroughput
        {
            Lab = plan.Lab, Source = plan.Source, Target = plan.Target, TargetAddress = plan.Address, Link = plan.Link,
            Bytes = outcome.Bytes, Seconds = outcome.Elapsed.TotalSeconds, BitsPerSecond = outcome.BitsPerSecond,
        };
    }

    /// <summary>The node's recorded addresses (of one interface), then the kernel's (an exec line may have added them); IPv4 first.</summary>
    private static IEnumerable<IPAddress> AddressesOf(LabNodeRecord node, string? interfaceName)
    {
        var recorded = node.Addresses.Select(a => (Interface: a[..a.IndexOf(' ')], Prefix: IPPrefix.Parse(a[(a.IndexOf(' ') + 1)..])))
            .Where(a => a.Interface != "lo" && (interfaceName is null || a.Interface == interfaceName)).Select(a => a.Prefix.Address);
        IEnumerable<IPAddress> kernel;
        try
        {
            kernel = NetClient.For(node.Namespace).Addresses.List()
                .Where(a => a.Interface != "lo" && a.Scope == Rtnetlink.RouteScope.Universe && (interfaceName is null || a.Interface == interfaceName))
                .Select(a => a.IPAddress).ToList();
        }
        catch (NetOperationException) { kernel = []; }
        return recorded.Concat(kernel).Distinct().OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1);
    }
}
