using System.Net;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Neighbors;

/// <summary>
/// A checked RTM_NEWNEIGH / RTM_DELNEIGH body for an ARP/ND or proxy entry: everything is validated before the kernel
/// sees it. The bytes are those `ip neigh add|replace|change|del` sends (NeighborGoldenTests).
/// </summary>
internal sealed class NeighborRequest
{
    private readonly byte _family;
    private readonly ushort _state;
    private readonly byte _flags;
    private readonly byte[] _address;
    private readonly byte[]? _lladdr;

    private NeighborRequest(IPAddress address, ushort state, byte flags, byte[]? lladdr, string text)
    {
        _family = FamilyCodes.Of(address);
        _address = address.GetAddressBytes();
        _state = state;
        _flags = flags;
        _lladdr = lladdr;
        Text = text;
    }

    /// <summary>"10.0.0.2 dev veth0", for messages.</summary>
    public string Text { get; }

    /// <summary>The states an entry can be set to with a hardware address that stays valid (NUD_VALID).</summary>
    private const NeighborState NeedsAddress = NeighborState.Permanent | NeighborState.NoArp | NeighborState.Reachable
        | NeighborState.Stale | NeighborState.Delay | NeighborState.Probe;

    /// <summary>For add (and replace): a missing state means Permanent, as `ip neigh add` defaults.</summary>
    public static NeighborRequest ForAdd(NeighborSpec spec) => Build(spec, requireAddressForState: true);

    /// <summary>For change: the hardware address may be left out (the kernel keeps the one it has).</summary>
    public static NeighborRequest ForChange(NeighborSpec spec) => Build(spec, requireAddressForState: false);

    public static NeighborRequest ForRemove(string interfaceName, IPAddress address, bool proxy)
    {
        LinkName.Validate(interfaceName);
        CheckAddress(address);
        // iproute2 sends NUD_PERMANENT in a delete too (its default); the kernel ignores the state there.
        return new(address, NudState.Permanent, proxy ? NtfFlags.Proxy : (byte)0, null, Describe(address, interfaceName, proxy));
    }

    private static NeighborRequest Build(NeighborSpec spec, bool requireAddressForState)
    {
        LinkName.Validate(spec.Interface);
        CheckAddress(spec.Address);
        string text = Describe(spec.Address, spec.Interface, spec.Proxy);
        bool v4 = spec.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        if (spec.Router && v4)
            throw NetOperationException.Invalid($"The router flag is for IPv6 neighbours (ND); {spec.Address} is IPv4.", spec.Address.ToString());
        if (spec.Proxy)
        {
            if (spec.LinkLayerAddress is not null)
                throw NetOperationException.Invalid(
                    $"A proxy entry has no hardware address (the namespace answers for {spec.Address} with the interface's own); leave out -LinkLayerAddress.",
                    spec.Address.ToString()).WithErrorId(ErrorIds.ParameterConflict);
            if (spec.State is not null && spec.State != NeighborState.Permanent)
                throw NetOperationException.Invalid($"A proxy entry has no state; leave out -State {spec.State}.", spec.Address.ToString())
                    .WithErrorId(ErrorIds.InvalidNeighborState);
            return new(spec.Address, NudState.Permanent, NtfFlags.Proxy, null, text);
        }

        byte[]? lladdr = spec.LinkLayerAddress is null ? null : MacText.ParseUnicast(spec.LinkLayerAddress, "link-layer (MAC) address");
        var state = spec.State ?? NeighborState.Permanent;
        if (!Enum.IsDefined(state))
            throw NetOperationException.Invalid($"{state} is not a single neighbour state; use one of {string.Join(", ", NeighborStates.Names)}.", state.ToString())
                .WithErrorId(ErrorIds.InvalidNeighborState);
        if (requireAddressForState && lladdr is null && (state & NeedsAddress) != 0)
            throw NetOperationException.Invalid(
                $"A {state} entry for {spec.Address} needs the neighbour's hardware address: add -LinkLayerAddress, for example 02:00:00:aa:bb:01.",
                spec.Address.ToString()).WithErrorId(ErrorIds.ParameterConflict);
        return new(spec.Address, (ushort)state, spec.Router ? NtfFlags.Router : (byte)0, lladdr, text);
    }

    private static void CheckAddress(IPAddress? address)
    {
        if (address is null) throw NetOperationException.Invalid("A neighbour's IP address is required, for example 10.0.0.2 or fd00::2.").WithErrorId(ErrorIds.InvalidAddress);
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast) || address.IsIPv6Multicast
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0))
            throw NetOperationException.Invalid($"{address} cannot be a neighbour: give a unicast IPv4 or IPv6 address.", address.ToString())
                .WithErrorId(ErrorIds.InvalidAddress);
    }

    private static string Describe(IPAddress address, string interfaceName, bool proxy) =>
        (proxy ? "proxy " : "") + $"{address} dev {interfaceName}";

    public void Write(NetlinkWriter w, int index)
    {
        w.Struct(new NdMsg { Family = _family, Index = index, State = _state, Flags = _flags });
        w.Bytes(NdaAttr.Dst, _address);
        if (_lladdr is not null) w.Bytes(NdaAttr.LinkLayerAddress, _lladdr);
    }
}
