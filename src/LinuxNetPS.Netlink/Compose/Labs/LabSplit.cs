using System.Globalization;
using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;

namespace LinuxNetPS.Compose.Labs;

/// <summary>A link whose ends are on two hosts, seen from one of them: the local end becomes a VXLAN device to the other host.</summary>
public sealed record LabTunnel(LabLinkDefinition Link, LabEndpointDefinition Local, LabEndpointDefinition Remote, string RemoteHost, uint Vni,
    IPAddress LocalAddress, IPAddress RemoteAddress)
{
    public override string ToString() => $"{Local} -- {Remote} (VNI {Vni} to {RemoteHost} {RemoteAddress})";
}

/// <summary>What one host's part of a split lab knows beyond its own nodes: its tunnels, and the rest of the lab (for Test- and Show-NetLab).</summary>
public sealed record LabPart(string Host, IReadOnlyList<LabHostDefinition> Hosts, IReadOnlyList<LabTunnel> Tunnels,
    IReadOnlyList<LabNodeDefinition> RemoteNodes, IReadOnlyList<LabLinkDefinition> RemoteLinks);

/// <summary>
/// A lab split over hosts (containerlab's vxlan-stitch): each host builds its own nodes and the links between them as
/// usual, and a link between two hosts becomes, on each side, a point-to-point VXLAN device with the link end's name and
/// addresses, its tunnel over the underlay to the other host. Every host computes the same split from the same
/// definition and lab name, with no coordination: the VNI of a link is a function of the lab's name and the link's place
/// (<see cref="Vni"/>), the remote of each side is the other host's address in Hosts.
/// </summary>
public static class LabSplit
{
    /// <summary>VNIs of split labs start above the small numbers people pick by hand (overlays, New-NetVxlan).</summary>
    public const uint FirstVni = 0x10000;

    /// <summary>
    /// The VNI of the link at <paramref name="linkIndex"/> (0-based, in Links' order) of the lab <paramref name="labName"/>:
    /// FNV-1a of the name picks where the lab's VNIs start, the links follow in order, so two labs rarely meet and one
    /// lab's links never do (fewer than 16 million links). Both hosts of a link compute it alike.
    /// </summary>
    public static uint Vni(string labName, int linkIndex)
    {
        uint hash = 2166136261;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(labName)) hash = (hash ^ b) * 16777619;
        uint span = VxlanSpec.MaxVni - FirstVni + 1;
        return FirstVni + (uint)(((ulong)hash + (ulong)linkIndex) % span);
    }

    /// <summary>The host a node is on (its Host key), for a split lab.</summary>
    public static string HostOf(LabDefinition lab, string node) => lab.Node(node).Host!;

    /// <summary>The links whose ends are on two hosts, with their VNIs.</summary>
    public static IReadOnlyList<(LabLinkDefinition Link, uint Vni)> CrossLinks(LabDefinition lab, string labName) =>
        lab.Hosts.Count == 0 ? [] : lab.Links.Select((l, i) => (l, i)).Where(x => HostOf(lab, x.l.A.Node) != HostOf(lab, x.l.B.Node))
            .Select(x => (x.l, Vni(labName, x.i))).ToList();

    /// <summary>The host keys that have nodes, in Hosts' order.</summary>
    public static IReadOnlyList<string> UsedHosts(LabDefinition lab) =>
        lab.Hosts.Select(h => h.Key).Where(k => lab.Nodes.Any(n => n.Host == k)).ToList();

    /// <summary>
    /// The part of <paramref name="lab"/> that the host <paramref name="host"/> builds: its nodes, the links between them,
    /// and a tunnel for each link to another host. The hosts' entries must be their underlay addresses by now
    /// (New-NetLab -Session writes them in from where it reached each host).
    /// </summary>
    public static LabDefinition Part(LabDefinition lab, string labName, string host)
    {
        if (lab.Hosts.Count == 0)
            throw NetOperationException.Invalid($"-OnHost '{InputText.Echo(host)}': the lab places no node on hosts (it has no Hosts); leave -OnHost out.", host)
                .WithErrorId(ErrorIds.InvalidLabDefinition);
        var me = lab.Hosts.FirstOrDefault(h => string.Equals(h.Key, host, StringComparison.OrdinalIgnoreCase))
            ?? throw NetOperationException.NotFound($"-OnHost '{InputText.Echo(host)}' is not a host of the lab; its hosts are {string.Join(", ", lab.Hosts.Select(h => h.Key))}.", host)
                .WithErrorId(ErrorIds.LabHostNotFound);
        var local = lab.Nodes.Where(n => n.Host == me.Key).ToList();
        var mine = local.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var tunnels = new List<LabTunnel>();
        foreach (var (link, vni) in CrossLinks(lab, labName))
        {
            bool a = mine.Contains(link.A.Node), b = mine.Contains(link.B.Node);
            if (!a && !b) continue;
            var (near, far) = a ? (link.A, link.B) : (link.B, link.A);
            var other = lab.Hosts.First(h => h.Key == HostOf(lab, far.Node));
            tunnels.Add(new LabTunnel(link, near, far, other.Key, vni, Underlay(me), Underlay(other)));
        }
        return lab with
        {
            Nodes = local,
            Links = lab.Links.Where(l => mine.Contains(l.A.Node) && mine.Contains(l.B.Node)).ToList(),
            Part = new LabPart(me.Key, lab.Hosts, tunnels, lab.Nodes.Where(n => !mine.Contains(n.Name)).ToList(),
                lab.Links.Where(l => !mine.Contains(l.A.Node) && !mine.Contains(l.B.Node)).ToList()),
        };
    }

    /// <summary>
    /// The tree with Hosts' values set (keys added when missing, others kept, each where it was written): New-NetLab -Hosts
    /// gives hosts the file names or leaves out, and the controller writes each host's underlay address before handing on.
    /// </summary>
    public static LabValue WithHosts(LabValue root, IReadOnlyList<KeyValuePair<string, string>> hosts)
    {
        if (root is not LabMap map) return root;
        var old = map.Find("Hosts");
        var oldMap = old?.Value as LabMap;
        var where = old?.Value.Location ?? map.Location.Child("Hosts");
        var entries = new List<LabEntry>(oldMap?.Entries ?? []);
        foreach (var (key, value) in hosts)
        {
            int i = entries.FindIndex(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
            var at = i >= 0 ? entries[i].Value.Location : where.Child(key);
            var entry = new LabEntry(i >= 0 ? entries[i].Key : key, i >= 0 ? entries[i].KeyLocation : at, new LabScalar(value, at));
            if (i >= 0) entries[i] = entry;
            else entries.Add(entry);
        }
        var hostsEntry = new LabEntry(old?.Key ?? "Hosts", old?.KeyLocation ?? where, new LabMap(entries, where));
        var rootEntries = map.Entries.ToList();
        int h = rootEntries.FindIndex(e => ReferenceEquals(e, old));
        if (h >= 0) rootEntries[h] = hostsEntry;
        else rootEntries.Insert(0, hostsEntry);
        return new LabMap(rootEntries, map.Location);
    }

    private static IPAddress Underlay(LabHostDefinition host) =>
        IPAddress.TryParse(host.Address, out var address) ? address
            : throw LabErrors.Invalid(host.Location, $"Hosts.{host.Key} is '{InputText.Echo(host.Address)}': a host's part is built with the hosts' underlay addresses " +
                $"(New-NetLab -Session finds them where it reached each host); with -OnHost, give each host as its address.");

    /// <summary>"3 nodes, 2 links, 1 tunnel to b (VNI 70001)" for -WhatIf and messages.</summary>
    public static string Describe(LabDefinition part, string prefix) =>
        $"{part.Nodes.Count} node{(part.Nodes.Count == 1 ? "" : "s")} as namespaces {prefix}* ({string.Join(", ", part.Nodes.Select(n => n.Name))}), " +
        $"{part.Links.Count} link{(part.Links.Count == 1 ? "" : "s")}, " +
        $"{part.Part!.Tunnels.Count} VXLAN tunnel{(part.Part.Tunnels.Count == 1 ? "" : "s")}" +
        (part.Part.Tunnels.Count == 0 ? "" : $" ({string.Join(", ", part.Part.Tunnels.Select(t => $"{t.Local} to {t.RemoteHost} VNI {t.Vni.ToString(CultureInfo.InvariantCulture)}"))})");
}
