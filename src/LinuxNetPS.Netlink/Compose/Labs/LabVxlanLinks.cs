using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Links;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// The checks of a VXLAN link of a lab definition (Kind = 'vxlan'; containerlab's vxlan and vxlan-stitch links): the
/// node that holds the tunnel's socket, the peer, the VNI and the port, each refused at its file:line before anything
/// is made.
/// </summary>
internal static class LabVxlanLinks
{
    /// <summary>The second end of a VXLAN link: a linux or host node of the lab, named alone (its underlay).</summary>
    public static string Underlay(LabValue end, int number, IReadOnlyDictionary<string, LabNodeKind> nodes)
    {
        string node = LabValues.Text(end, $"The second end of link {number}");
        if (node.Contains(':'))
            throw LabErrors.Invalid(end.Location, $"The second end of the VXLAN link {number} is the node that holds its socket, named alone ('host'), not '{node}'.");
        if (!nodes.TryGetValue(node, out var kind))
            throw LabErrors.Invalid(end.Location, $"The VXLAN link {number} has its socket in the node '{node}', which is not among the Nodes ({string.Join(", ", nodes.Keys)}).");
        if (kind == LabNodeKind.Bridge)
            throw LabErrors.Invalid(end.Location, $"The VXLAN link {number} has its socket in the bridge node '{node}'; a socket needs a linux or host node (its addresses and routes reach the peer).");
        return node;
    }

    /// <summary>Remote (a unicast address), Vni (1 to 16777215) and Port (1 to 65535, VXLAN's IANA port when left out).</summary>
    public static LabVxlanDefinition Tunnel(LabMap link, int number)
    {
        var remoteEntry = link.Find("Remote") ?? throw LabErrors.Invalid(link.Location, $"The VXLAN link {number} needs Remote, the unicast address of the tunnel's other end.");
        var vniEntry = link.Find("Vni") ?? throw LabErrors.Invalid(link.Location, $"The VXLAN link {number} needs Vni, its VXLAN network identifier (1 to {VxlanSpec.MaxVni}).");
        var remote = LabValues.Gateway(remoteEntry.Value, $"The Remote of link {number}");
        if (remote.IsIPv6Multicast || remote.AddressFamily == AddressFamily.InterNetwork && remote.GetAddressBytes()[0] is >= 224 and <= 239
            || remote.Equals(IPAddress.Any) || remote.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(remote))
            throw LabErrors.Invalid(remoteEntry.Value.Location, $"The Remote {remote} of link {number} is not a peer's unicast address (multicast, unspecified or loopback).");
        uint vni = Number(vniEntry.Value, $"The Vni of link {number}", 1, VxlanSpec.MaxVni, "a VXLAN network identifier");
        int port = link.Find("Port") is { } portEntry ? (int)Number(portEntry.Value, $"The Port of link {number}", 1, 65535, "a UDP port") : VxlanSpec.IanaPort;
        return new LabVxlanDefinition(remote, vni, port, link.Location);
    }

    /// <summary>Two VXLAN devices of one node's socket with the same VNI and port: the kernel would refuse the second.</summary>
    public static void CheckUnique(IEnumerable<(string Node, LabVxlanDefinition Tunnel)> tunnels)
    {
        var seen = new Dictionary<(string, uint, int), LabVxlanDefinition>();
        foreach (var (node, tunnel) in tunnels)
        {
            if (seen.TryGetValue((node, tunnel.Vni, tunnel.Port), out var first))
                throw LabErrors.Invalid(tunnel.Location, $"VNI {tunnel.Vni} on port {tunnel.Port} in the node '{node}' is taken by the link at {first.Location}; one socket tells tunnels apart by VNI, so give each its own.");
            seen[(node, tunnel.Vni, tunnel.Port)] = tunnel;
        }
    }

    private static uint Number(LabValue value, string what, uint min, uint max, string kind)
    {
        string text = LabValues.Text(value, what);
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint n) || n < min || n > max)
            throw LabErrors.Invalid(value.Location, $"{what} '{text}' is out of range: {kind} is from {min} to {max}.");
        return n;
    }
}
