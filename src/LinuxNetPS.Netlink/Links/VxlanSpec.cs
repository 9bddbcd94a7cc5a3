using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Links;

/// <summary>
/// What to create: a vxlan link with typed settings (New-NetVxlan). <see cref="Validate"/> refuses what cannot work
/// before anything reaches the kernel, each case with its own error id; <see cref="ToLinkSpec"/> is the same link as
/// the vxlan kind's options, so both ways of asking end in one encoder.
/// </summary>
public sealed record VxlanSpec
{
    /// <summary>The IANA port for VXLAN (RFC 7348), which iproute2 recommends; the kernel's own default is 8472 (Linux's pre-standard port).</summary>
    public const int IanaPort = 4789;

    public const uint MaxVni = 0xFFFFFF;

    public required string Name { get; init; }

    /// <summary>The VXLAN network identifier, 1-16777215.</summary>
    public required uint Vni { get; init; }

    /// <summary>The unicast peer (`remote`); null for none (a group, or per-peer FDB entries).</summary>
    public IPAddress? Remote { get; init; }

    /// <summary>The multicast group to flood to (`group`).</summary>
    public IPAddress? Group { get; init; }

    /// <summary>The source address of the tunnel's packets (`local`); null lets the kernel pick.</summary>
    public IPAddress? Local { get; init; }

    /// <summary>The UDP destination port; null is <see cref="IanaPort"/>.</summary>
    public int? DestinationPort { get; init; }

    /// <summary>The underlay interface (`dev`), as <see cref="LinkSpec.Parent"/>.</summary>
    public string? Parent { get; init; }

    /// <summary>Learn remote MAC addresses from received packets (the kernel's default); false is `nolearning`.</summary>
    public bool Learning { get; init; } = true;

    /// <summary>The TTL of the tunnel's packets, 1-255; null is auto (the route's).</summary>
    public int? Ttl { get; init; }

    public uint? Mtu { get; init; }
    public string? MacAddress { get; init; }
    public string? Master { get; init; }
    public bool Up { get; init; }

    /// <summary>Checks what needs no kernel: ranges, and addresses that cannot go together.</summary>
    public void Validate()
    {
        Primitives.LinkName.Validate(Name);
        if (Parent is not null) Primitives.LinkName.Validate(Parent);
        if (Vni is 0 or > MaxVni)
            throw Invalid($"-Vni {Vni} is out of range: a VXLAN network identifier is from 1 to {MaxVni}.").WithErrorId(ErrorIds.InvalidVni);
        if (DestinationPort is { } port and (< 1 or > 65535))
            throw Invalid($"-DestinationPort {port} is out of range: a UDP port is from 1 to 65535 (VXLAN's is {IanaPort}).").WithErrorId(ErrorIds.InvalidPort);
        if (Ttl is { } ttl and (< 1 or > 255))
            throw Invalid($"-Ttl {ttl} is out of range: it is from 1 to 255; leave -Ttl out for auto (the route's TTL).").WithErrorId(ErrorIds.InvalidTtl);
        if (Remote is not null && Group is not null)
            throw Invalid($"Give -Remote (one unicast peer) or -Group (a multicast group), not both: {Remote} and {Group}.").WithErrorId(ErrorIds.ParameterConflict);
        if (Remote is not null && IsMulticast(Remote))
            throw Invalid($"-Remote {Remote} is a multicast address; give it as -Group, or give the peer's unicast address as -Remote.").WithErrorId(ErrorIds.InvalidVxlanAddress);
        if (Group is not null && !IsMulticast(Group))
            throw Invalid($"-Group {Group} is not a multicast address (224.0.0.0/4 or ff00::/8); for a single peer use -Remote {Group}.").WithErrorId(ErrorIds.InvalidVxlanAddress);
        if (Local is not null && IsMulticast(Local))
            throw Invalid($"-Local {Local} is a multicast address; give an address of this host (or leave -Local out).").WithErrorId(ErrorIds.InvalidVxlanAddress);
        var destination = Remote ?? Group;
        if (Local is not null && destination is not null && Local.AddressFamily != destination.AddressFamily)
            throw Invalid($"-Local {Local} and {(Remote is null ? "-Group" : "-Remote")} {destination} are of different families: give both as IPv4 or both as IPv6.").WithErrorId(ErrorIds.InvalidAddressFamily);
    }

    /// <summary>The link as the vxlan kind's options (after <see cref="Validate"/>).</summary>
    public LinkSpec ToLinkSpec()
    {
        Validate();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = Vni.ToString(CultureInfo.InvariantCulture),
            ["port"] = (DestinationPort ?? IanaPort).ToString(CultureInfo.InvariantCulture),
            ["learning"] = Learning ? "on" : "off",
        };
        if (Remote is not null) options["remote"] = Remote.ToString();
        if (Group is not null) options["group"] = Group.ToString();
        if (Local is not null) options["local"] = Local.ToString();
        if (Ttl is { } t) options["ttl"] = t.ToString(CultureInfo.InvariantCulture);
        return new LinkSpec
        {
            Name = Name, Kind = "vxlan", Parent = Parent, Options = options,
            Mtu = Mtu, MacAddress = MacAddress, Master = Master, Up = Up,
        };
    }

    private NetOperationException Invalid(string message) => NetOperationException.Invalid(message, Name);

    private static bool IsMulticast(IPAddress a) =>
        a.AddressFamily == AddressFamily.InterNetwork ? (a.GetAddressBytes()[0] & 0xF0) == 0xE0 : a.IsIPv6Multicast;
}
