using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-ContainerNetwork: `docker network create`. A bridge network is a bridge with the gateway address, forwarding,
/// masquerade (unless -Internal) and isolation from the other networks; macvlan/ipvlan stack on -Parent. All or nothing.
/// </summary>
[Cmdlet(VerbsCommon.New, "ContainerNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(ContainerNetwork))]
public sealed class NewContainerNetworkCommand : NamespacedCmdlet
{
    /// <summary>The network's name (`docker network create NAME`).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>bridge (default), macvlan or ipvlan (`--driver`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NetworkDriverCompleter))]
    public string Driver { get; set; } = "bridge";

    /// <summary>The IPv4 subnet (`--subnet`), e.g. 172.18.0.0/16; default: the first free /16 of 172.18-31.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Subnet { get; set; }

    /// <summary>The gateway (`--gateway`); default: the subnet's first address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Gateway { get; set; }

    /// <summary>Hand out addresses only from this part of the subnet (`--ip-range`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IPRange { get; set; }

    /// <summary>IPv6 too (`--ipv6`): containers get an IPv6 address from -SubnetV6 and an IPv6 default route.</summary>
    [Parameter]
    public SwitchParameter IPv6 { get; set; }

    /// <summary>The IPv6 subnet (Docker's second `--subnet`), e.g. fd00:1::/64; with -IPv6. Default: a unique local /64.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SubnetV6 { get; set; }

    /// <summary>The IPv6 gateway (Docker's second `--gateway`); default: the IPv6 subnet's first address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? GatewayV6 { get; set; }

    /// <summary>The bridge's name (`-o com.docker.network.bridge.name=`); default br-ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BridgeName { get; set; }

    /// <summary>macvlan/ipvlan: the link the containers' interfaces stack on (`-o parent=`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Parent { get; set; }

    /// <summary>macvlan: bridge, private, vepa, passthru; ipvlan: l2, l3, l3s (`-o macvlan_mode=` / `-o ipvlan_mode=`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NetworkModeCompleter))]
    public string? Mode { get; set; }

    /// <summary>No way out of the network (`--internal`).</summary>
    [Parameter]
    public SwitchParameter Internal { get; set; }

    /// <summary>MTU of the bridge and the containers' interfaces (`-o com.docker.network.driver.mtu=`).</summary>
    [Parameter]
    public uint? Mtu { get; set; }

    /// <summary>Addresses IPAM must never hand out, by name (`--aux-address router=172.18.0.5`): @{ router = '172.18.0.5' }.</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Collections.Hashtable? AuxAddress { get; set; }

    /// <summary>No masquerade of the subnet (`-o com.docker.network.bridge.enable_ip_masquerade=false`).</summary>
    [Parameter]
    public SwitchParameter DisableMasquerade { get; set; }

    /// <summary>Containers of the network cannot reach each other (`-o com.docker.network.bridge.enable_icc=false`).</summary>
    [Parameter]
    public SwitchParameter DisableIcc { get; set; }

    /// <summary>The host address -Publish uses when it names none (`-o com.docker.network.bridge.host_binding_ipv4=`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HostBindingAddress { get; set; }

    /// <summary>Labels (`--label key=value`): @{ env = 'test' }. (Not -Label: that is an address's label on Add-NetAddress.)</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Collections.Hashtable? NetworkLabel { get; set; }

    /// <summary>nat (default) or routed (`-o com.docker.network.bridge.gateway_mode_ipv4=`).</summary>
    [Parameter]
    [ValidateSet("nat", "routed")]
    public string? GatewayMode { get; set; }

    /// <summary>overlay: the VXLAN network identifier, 1-16777215 (`-o com.docker.network.driver.overlay.vxlanid_list=`).</summary>
    [Parameter]
    public uint? Vni { get; set; }

    /// <summary>overlay on one host: this host's address on the network joining the hosts (the tunnel's source). With -Session: found per host.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UnderlayAddress { get; set; }

    /// <summary>overlay on one host: the other hosts' underlay addresses (broadcasts are sent to each). With -Session: found per host.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] PeerAddress { get; set; } = [];

    /// <summary>overlay: the hosts (PowerShell sessions, New-PSSession -HostName) to create the network on, all at once; hosts that have it already keep it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    private static Dictionary<string, string> Pairs(System.Collections.Hashtable? table) =>
        table is null ? new() : table.Keys.Cast<object>().ToDictionary(k => k.ToString() ?? "", k => table[k]?.ToString() ?? "", StringComparer.Ordinal);

    protected override void ProcessRecord()
    {
        if (Session is not null)
        {
            Try(Name, () =>
            {
                if (!string.Equals(Driver, "overlay", StringComparison.OrdinalIgnoreCase))
                    throw Errors.NetOperationException.Invalid($"-Session creates overlay networks across hosts; add -Driver overlay (or run {Driver} networks on each host with Invoke-Command).", Driver);
                if (Subnet is null) throw Errors.NetOperationException.Invalid("An overlay across hosts needs its -Subnet, e.g. -Subnet 10.200.0.0/16: each host gets a slice of it.", Name);
                if (Vni is null) throw Errors.NetOperationException.Invalid("An overlay needs its VXLAN network identifier: add -Vni (1-16777215), e.g. -Vni 4242.", Name).WithErrorId(Errors.ErrorIds.InvalidVni);
                if (UnderlayAddress is not null || PeerAddress.Length > 0 || Namespace is not null)
                    throw Errors.NetOperationException.Invalid("With -Session each host's underlay address and peers are found by the hosts themselves; leave out -UnderlayAddress, -PeerAddress and -Namespace.", Name);
                new Support.OverlayHosts(this).Create(Session, Name, Subnet, Vni.Value, Mtu, what => ShouldProcess(what, "Create"));
            });
            return;
        }
        Try(Name, () =>
        {
            var spec = new NetworkSpec
            {
                Name = Name, Driver = Driver, Subnet = Subnet, Gateway = Gateway, IPRange = IPRange, BridgeName = BridgeName,
                IPv6 = IPv6, SubnetV6 = SubnetV6, GatewayV6 = GatewayV6,
                Parent = Parent, Mode = Mode, Internal = Internal, Mtu = Mtu,
                AuxAddresses = Pairs(AuxAddress), DisableMasquerade = DisableMasquerade, DisableIcc = DisableIcc, HostBindingAddress = HostBindingAddress,
                Labels = Pairs(NetworkLabel), GatewayMode = GatewayMode, Vni = Vni, UnderlayAddress = UnderlayAddress, Peers = PeerAddress,
            };
            var networks = ContainerNetworks.For(Client);
            var preview = networks.Preview(spec); // checks everything first: bad input fails the same with -WhatIf
            if (!ShouldProcess(Target("container network", Name) + $" ({preview.Driver}, {preview.Subnet}{(preview.SubnetV6 is null ? "" : ", " + preview.SubnetV6)})", "Create")) return;
            var created = networks.Create(spec);
            // A forward chain of another table with policy drop (iptables' FORWARD on a Docker host) would still drop the traffic.
            if (created.Driver == "bridge" && created.Masquerade)
                foreach (var warning in Client.Nat.CheckForwardPath(onlyNew: true)) WriteWarning(warning);
            WriteObject(created);
        });
    }
}
