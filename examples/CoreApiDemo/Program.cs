// Walkthrough 000 ("red" and "green" on a bridge) through the LinuxNetPS core library:
// the same steps as examples/01-two-namespaces-on-a-bridge.ps1, for machines without pwsh.
using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Routes;

string prefix = $"demo{Environment.ProcessId}";
string hostNs = $"{prefix}-host", red = $"{prefix}-red", green = $"{prefix}-green";
int exitCode = 1;
try
{
    Step($"New-NetNamespace {hostNs}, {red}, {green}   # a namespace plays the host");
    foreach (var ns in new[] { hostNs, red, green }) Print(NetworkNamespaces.Create(ns));

    var host = NetClient.For(hostNs);
    Step("New-NetBridge br0 -Up; Add-NetAddress 10.10.1.1/16 -Interface br0");
    host.Bridges.Create("br0", up: true);
    Print(host.Addresses.Add("br0", IPPrefix.Parse("10.10.1.1/16")));

    foreach (var (ns, inside, outside, address) in new[] { (red, "rveth", "rbveth", "10.10.1.10/16"), (green, "gveth", "gbveth", "10.10.1.20/16") })
    {
        Step($"New-VethPair {outside} {inside} -PeerNamespace {ns} -Master br0 -Up");
        Print(host.Links.CreateVeth(new VethSpec
        {
            Name = outside, PeerName = inside, PeerNamespace = NamespaceRef.Parse(ns), Master = "br0", Up = true, PeerUp = true,
        }));
        var client = NetClient.For(ns);
        Step($"Set-NetLink lo -Up -Namespace {ns}; Add-NetAddress {address} -Interface {inside} -Namespace {ns}; Add-NetRoute default 10.10.1.1 -Namespace {ns}");
        client.Links.SetUp("lo");
        Print(client.Addresses.Add(inside, IPPrefix.Parse(address)));
        Print(client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") }));
    }

    Step("Get-BridgePort br0 -Namespace " + hostNs);
    foreach (var port in host.Bridges.GetPorts("br0")) Print(port);

    Step($"Invoke-NetNamespace {red} -FilePath ping -ArgumentList -c,2,10.10.1.20");
    using var ping = NetworkNamespaces.StartProcess(NamespaceRef.Parse(red), "ping", ["-c", "2", "-W", "2", "10.10.1.20"]);
    ping.WaitForExit();
    exitCode = ping.ExitCode;
    Console.WriteLine(exitCode == 0 ? "red reaches green through br0." : "ping failed!");
}
finally
{
    Step("Remove-NetNamespace (everything goes with the namespaces)");
    foreach (var ns in new[] { red, green, hostNs })
        if (File.Exists($"/run/netns/{ns}")) NetworkNamespaces.Delete(ns);
}
return exitCode;

static void Step(string text) => Console.WriteLine($"\nPS> {text}");

static void Print(object o) => Console.WriteLine(o switch
{
    NetNamespace n => $"  namespace {n.Namespace,-20} inode {n.Inode}",
    VethPair v => $"  veth {v.Name}@{v.Namespace ?? "host"} <-> {v.PeerName}@{v.PeerNamespace ?? "host"}",
    NetAddress a => $"  {a.Interface,-10} {a.Cidr}",
    NetRoute r => $"  {r}",
    BridgePort p => $"  {p.Bridge,-6} port {p.Name,-8} {p.OperState} {p.StpState}",
    _ => $"  {o}",
});
