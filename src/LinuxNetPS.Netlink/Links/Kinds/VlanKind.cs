using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// vlan (802.1Q): a tagged sub-interface of a parent (IFLA_LINK), like `ip link add link eth0 name eth0.42
/// type vlan id 42 [protocol 802.1ad]`. Options: id (1-4094, required), protocol (802.1Q, the default, or 802.1ad).
/// </summary>
internal sealed class VlanKind : ILinkKind
{
    private static readonly Dictionary<string, ushort> Protocols = new()
    {
        ["802.1Q"] = VlanProtocol.Ieee8021Q, ["802.1ad"] = VlanProtocol.Ieee8021AD,
    };

    public string Kind => "vlan";

    public string KernelModule => "8021q";

    public IReadOnlyCollection<string> OptionNames => ["id", "protocol"];

    public LinkKindRequest Prepare(LinkKindContext c)
    {
        uint id = c.UInt32("id", 1, 4094)
            ?? throw c.Invalid("A vlan link needs its VLAN id: add the option id (1-4094), e.g. @{ id = 42 }.", c.Spec.Name);
        ushort? protocol = c.Choice("protocol", Protocols);
        int? parent = c.ParentIndex(required: true);
        return new LinkKindRequest
        {
            LowerIndex = parent,
            Data = w =>
            {
                w.U16(IflaVlanAttr.Id, (ushort)id);
                if (protocol is { } p) w.U16BigEndian(IflaVlanAttr.Protocol, p);
            },
        };
    }
}
