using System.Globalization;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// vlan (802.1Q): a tagged sub-interface of a parent (IFLA_LINK), like `ip link add link eth0 name eth0.42
/// type vlan id 42 [protocol 802.1ad]`. Options: id (1-4094, required), protocol (802.1Q, the default, or 802.1ad).
/// Reads them back as <see cref="VlanDetails"/>.
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

    public LinkDetails Decode(ReadOnlySpan<byte> infoData)
    {
        var d = new VlanDetails();
        var r = new AttributeReader(infoData);
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaVlanAttr.Id: d = d with { Id = r.U16() }; break;
                case IflaVlanAttr.Protocol: d = d with { Protocol = LinkKindText.NameOf(Protocols, r.U16BigEndian()) }; break;
            }
        }
        r.ThrowIfMalformed("vlan attributes");
        return d;
    }
}

/// <summary>An 802.1Q/802.1ad sub-interface as the kernel reports it (`ip -d link`: "vlan protocol 802.1Q id 42").</summary>
public sealed record VlanDetails : LinkDetails
{
    public override string Kind => "vlan";

    /// <summary>The VLAN id (1-4094).</summary>
    public ushort Id { get; init; }

    /// <summary>802.1Q or 802.1ad; null if the kernel did not say.</summary>
    public string? Protocol { get; init; }

    protected override void Describe(List<string> words)
    {
        if (Protocol is not null) words.AddRange(["protocol", Protocol]);
        words.AddRange(["id", Id.ToString(CultureInfo.InvariantCulture)]);
    }
}
