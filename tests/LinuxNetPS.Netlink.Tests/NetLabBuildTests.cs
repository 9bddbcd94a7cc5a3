using LinuxNetPS.Client;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using Xunit;

namespace LinuxNetPS.Tests;

/// <summary>NetLabs against the kernel: the plan builds what the definition says, and removal leaves no namespace or record.</summary>
public class NetLabBuildTests
{
    private const string Routers = """
        {
          "Nodes": {
            "h1": { "DefaultRoute": "10.1.0.1" },
            "r1": { "Forwarding": true, "Routes": ["10.2.0.0/24 via 10.255.0.2"] },
            "r2": { "Forwarding": true, "Routes": ["10.1.0.0/24 via 10.255.0.1"] },
            "h2": { "DefaultRoute": "10.2.0.1" }
          },
          "Links": [
            { "Endpoints": ["r1:eth1", "h1:eth0"], "Pool": "10.1.0.0/24" },
            { "Endpoints": ["r1:eth0", "r2:eth0"], "Pool": "10.255.0.0/30" },
            { "Endpoints": ["r2:eth1", "h2:eth0"], "Pool": "10.2.0.0/24" }
          ]
        }
        """;

    [Fact]
    public void A_lab_is_built_as_defined_reaches_across_the_routers_and_is_removed_whole()
    {
        using var scratch = new Lab(); // its prefix keeps the namespaces ours; Dispose deletes whatever is left
        var definition = LabBinder.Bind(JsonLabReader.Read(Routers, "routers.json"));
        string name = scratch.Prefix;
        var lab = NetLabs.Create(definition, name, scratch.Prefix + "-");
        try
        {
            Assert.Equal("Ready", lab.Status);
            Assert.True(File.Exists(Path.Combine(LabStore.Directory, name + ".json")));
            var h1 = NetClient.For(scratch.Ns("h1"));
            // A link's pool hands out addresses in the order of its ends: r1 gets .1 (the hosts' gateway), h1 .2.
            Assert.Contains(h1.Addresses.List("eth0"), a => a.Cidr == "10.1.0.2/24");
            Assert.True(NetClient.For(scratch.Ns("r1")).Forwarding.Get().IPv4);
            Assert.Contains(NetClient.For(scratch.Ns("r1")).Routes.List(), r => r.Destination == "10.2.0.0/24" && r.Gateway?.ToString() == "10.255.0.2");
            Assert.True(NetClient.For(scratch.Ns("r2")).Links.Get("eth0").IsUp);
            // No IPv6 address in the lab, so its nodes have IPv6 off (no link-local addresses, nothing to flood).
            Assert.Equal("1", Ip.Run($"netns exec {scratch.Ns("h1")} cat /proc/sys/net/ipv6/conf/all/disable_ipv6").Trim());
            Assert.DoesNotContain(h1.Addresses.List("eth0"), a => a.Family == LinuxNetPS.Model.IPFamily.IPv6);
        }
        finally
        {
            NetLabs.Remove(name);
        }
        foreach (var node in new[] { "h1", "r1", "r2", "h2" })
            Assert.False(File.Exists(Path.Combine(NamespaceRef.RunDirectory, scratch.Ns(node))));
        Assert.False(File.Exists(Path.Combine(LabStore.Directory, name + ".json")));
        Assert.Equal(ErrorIds.LabNotFound, Assert.Throws<NetOperationException>(() => NetLabs.Get(name)).ErrorId);
    }
}
