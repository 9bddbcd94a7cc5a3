using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Routes;

namespace LinuxNetPS.Bench;

/// <summary>
/// Builds the topology through the library's public API only, one call per step, as a script
/// or cmdlet would: this is the number that matters for users. Same phase order as every other
/// method (all namespaces, then the host side, then each container's inside; see
/// docs/performance.md for why the order must be the same).
/// </summary>
internal static class ApiBuilder
{
    /// <summary>How the peers come up, and whether IPv6 is on in the namespaces.</summary>
    public enum Variant
    {
        /// <summary>VethSpec.PeerUp brings the peer up while the host side is being built (the natural call).</summary>
        PeerUpAtCreation,
        /// <summary>The peer goes up with the rest of the container's inside, in the last phase, which is when ip -batch, ip per step and pyroute2 bring it up too.</summary>
        LatePeerUp,
        /// <summary>VethSpec.PeerUp deferred to a DeferredBringUp flushed once all veths exist (what a bulk cmdlet's EndProcessing does).</summary>
        Deferred,
        /// <summary>As PeerUpAtCreation, every namespace created with NamespaceOptions.DisableIPv6.</summary>
        NoIPv6,
        /// <summary>
        /// The core calls bench/cmdlets/topology.ps1 makes through the cmdlets, in its order: veths created down,
        /// their host ends brought up together (piped Set-NetLink -Up), then per container lo and the peer up in one
        /// send (Set-NetLink lo, pN -Up), the address (Add-NetAddress) and the default route (Set-NetRoute replaces).
        /// </summary>
        AsCmdlets,
    }

    public static void Build(TopologySpec spec, StepTimer timer, Variant variant)
    {
        if (variant == Variant.AsCmdlets) { BuildAsCmdlets(spec, timer); return; }
        bool peerUpAtCreation = variant != Variant.LatePeerUp;
        var options = variant == Variant.NoIPv6 ? new NamespaceOptions { DisableIPv6 = true } : null;
        var deferred = variant == Variant.Deferred ? new DeferredBringUp() : null;
        var gateway = IPAddress.Parse(TopologySpec.Gateway);
        var (host, _) = NamespacesAndBridge(spec, timer, options);
        for (int i = 0; i < spec.Containers; i++)
        {
            var ns = NamespaceRef.Parse(spec.Namespace(i));
            int at = i;
            timer.Time("Links.CreateVeth (peer in ns)", () => host.Links.CreateVeth(new VethSpec
            {
                Name = TopologySpec.HostEnd(at),
                PeerName = TopologySpec.PeerEnd(at),
                PeerNamespace = ns,
                Master = TopologySpec.Bridge,
                Up = true,
                PeerUp = peerUpAtCreation,
            }, deferred));
        }
        if (deferred is not null)
        {
            var failed = timer.Time("DeferredBringUp.Flush (peers up)", deferred.Flush).FirstOrDefault(o => o.Error is not null);
            if (failed is not null) throw failed.Error!;
        }

        for (int i = 0; i < spec.Containers; i++)
        {
            string peer = TopologySpec.PeerEnd(i);
            string name = spec.Namespace(i);
            var client = timer.Time("NetClient.For", () => NetClient.For(name));
            timer.Time("Links.SetUp(lo)", () => client.Links.SetUp("lo"));
            if (!peerUpAtCreation) timer.Time("Links.SetUp(peer)", () => client.Links.SetUp(peer));
            timer.Time("Addresses.Add", () => client.Addresses.Add(peer, IPPrefix.Parse($"{TopologySpec.Address(i)}/{TopologySpec.PrefixLength}")));
            timer.Time("Routes.Add(default)", () => client.Routes.Add(new RouteSpec { Destination = "default", Gateway = gateway }));
        }
    }

    private static void BuildAsCmdlets(TopologySpec spec, StepTimer timer)
    {
        var gateway = IPAddress.Parse(TopologySpec.Gateway);
        var (host, names) = NamespacesAndBridge(spec, timer, options: null);
        for (int i = 0; i < spec.Containers; i++)
        {
            int at = i;
            timer.Time("Links.CreateVeth (down, peer in ns)", () => host.Links.CreateVeth(new VethSpec
            {
                Name = TopologySpec.HostEnd(at),
                PeerName = TopologySpec.PeerEnd(at),
                PeerNamespace = NamespaceRef.Parse(spec.Namespace(at)),
                Master = TopologySpec.Bridge,
            }));
        }
        var hostEnds = Enumerable.Range(0, spec.Containers).Select(TopologySpec.HostEnd).ToList();
        Outcomes.ThrowFirst(timer.Time("Links.SetUpMany (host ends)", () => host.Links.SetUpMany(hostEnds)));

        for (int i = 0; i < spec.Containers; i++)
        {
            string peer = TopologySpec.PeerEnd(i);
            var client = timer.Time("NetClient.For", () => NetClient.For(names[i]));
            Outcomes.ThrowFirst(timer.Time("Links.SetUpMany(lo, peer)", () => client.Links.SetUpMany(["lo", peer])));
            timer.Time("Addresses.Add", () => client.Addresses.Add(peer, IPPrefix.Parse($"{TopologySpec.Address(i)}/{TopologySpec.PrefixLength}")));
            timer.Time("Routes.Replace(default)", () => client.Routes.Replace(new RouteSpec { Destination = "default", Gateway = gateway }));
        }
    }

    /// <summary>Phase 1 and the start of phase 2, alike for every variant: the namespaces, then lo, br0 and its address in the host namespace.</summary>
    private static (NetClient Host, List<string> Names) NamespacesAndBridge(TopologySpec spec, StepTimer timer, NamespaceOptions? options)
    {
        timer.Time("namespace create (host)", () => NetworkNamespaces.Create(spec.HostNamespace, options));
        // All container namespaces in one call: the library spreads them over one worker thread per CPU.
        var names = Enumerable.Range(0, spec.Containers).Select(spec.Namespace).ToList();
        timer.Time("NetworkNamespaces.CreateMany", () => NetworkNamespaces.CreateMany(names, options));

        var host = NetClient.For(spec.HostNamespace);
        timer.Time("host lo up", () => host.Links.SetUp("lo"));
        timer.Time("bridge create", () => host.Bridges.Create(TopologySpec.Bridge, up: true));
        timer.Time("bridge address add", () => host.Addresses.Add(TopologySpec.Bridge, IPPrefix.Parse($"{TopologySpec.Gateway}/{TopologySpec.PrefixLength}")));
        return (host, names);
    }
}
