using System.Net;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Capture;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>One reader of user text: its name (crash files start with it), its seeds and the call that reads one input.</summary>
internal sealed record TextEntryPoint(string Name, IReadOnlyList<string> Seeds, Action<string> Read);

/// <summary>
/// The readers of text a user (or a file someone handed them) gives the library: the JSON lab reader, the containerlab
/// path (YAML reader, template check, translation), each followed by the binder every format shares (the module's
/// .psd1 path ends in the same binder), and the capture filter of Get-NetPacket -Filter (parsed, then matched against
/// decoded packets). The contract: a reader returns, or throws a <see cref="NetOperationException"/> with a documented
/// error id (InvalidLabDefinition, InvalidPacketFilter ...); any other exception, or one without an id, is a crash.
/// </summary>
internal static class TextEntryPoints
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(Repo.Root, "examples", "labs", name));

    /// <summary>Packets of every kind the filter looks at, so the parsed filter runs too.</summary>
    private static readonly NetPacket[] Packets =
    [
        new() { Interface = "eth0", Protocol = "ICMP", EtherType = PacketDecoder.EtherIPv4, SourceAddress = IPAddress.Parse("10.0.0.1"), DestinationAddress = IPAddress.Parse("10.10.1.20"), Summary = "" },
        new() { Interface = "eth0", Protocol = "TCP", EtherType = PacketDecoder.EtherIPv4, SourceAddress = IPAddress.Parse("192.168.1.2"), DestinationAddress = IPAddress.Parse("10.0.0.1"), SourcePort = 443, DestinationPort = 80, Summary = "" },
        new() { Interface = "eth0", Protocol = "UDP", EtherType = PacketDecoder.EtherIPv6, SourceAddress = IPAddress.Parse("fd00::1"), DestinationAddress = IPAddress.Parse("fd00::2"), SourcePort = 5353, DestinationPort = 53, Summary = "" },
        new() { Interface = "eth0", Protocol = "ARP", EtherType = PacketDecoder.EtherArp, Summary = "" },
    ];

    public static IReadOnlyList<TextEntryPoint> All { get; } =
    [
        new("lab-json", [
            Example("routers.json"),
            """
            { "Name": "shaped", // a comment
              "Nodes": { "a": { "Exec": ["ip link"] }, "b": { "Kind": "linux", "Forwarding": true }, "s": { "Kind": "bridge" } },
              "Links": [ { "Endpoints": [ { "Node": "a", "Interface": "eth0", "Delay": "20ms" }, "b:eth0" ], "Pool": "10.9.0.0/30",
                           "Delay": "100ms", "Jitter": "5ms", "Loss": "1%", "Rate": "10mbit", "Mtu": 9000 },
                         { "Endpoints": [ "b:eth1", "s:p1" ] }, ], }
            """,
            """{ "Nodes": { "h": { "Interfaces": { "eth0": "10.0.0.2/24" }, "DefaultRoute": "10.0.0.1", "Routes": ["10.2.0.0/16 via 10.0.0.1"] }, "g": { "Interfaces": { "eth0": "10.0.0.1/24" } } }, "Links": [ { "Endpoints": ["h:eth0", "g:eth0"] } ] }""",
        ], text => LabBinder.Bind(JsonLabReader.Read(text, "fuzz.json"))),
        new("lab-clab", [
            Example("two-linux.clab.yml"),
            Example("switched.clab.yml"),
            Example("routers-exec.clab.yml"),
        ], text =>
        {
            ContainerlabTranslator.RefuseTemplates(text, "fuzz.clab.yml");
            var warnings = new List<string>();
            LabBinder.Bind(ContainerlabTranslator.Translate(LabYaml.Read(text, "fuzz.clab.yml"), warnings), warnings);
        }),
        new("capture-filter", [
            "icmp and dst host 10.10.1.20",
            "tcp port 80",
            "udp dst port 53 or (icmp6 && !src net fd00::/8)",
            "not arp and (ip or ip6) and src host 10.0.0.1 || net 192.168.0.0/16 && tcp src port 443",
            "((tcp)) and port 0 and port 65535",
        ], text =>
        {
            var filter = PacketFilter.Parse(text);
            foreach (var packet in Packets) filter.Matches(packet);
        }),
    ];

}

/// <summary>The repository's root (the folder of LinuxNetPS.sln), from this source file's place.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find([System.Runtime.CompilerServices.CallerFilePath] string here = "")
    {
        for (var dir = Path.GetDirectoryName(here); dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "LinuxNetPS.sln"))) return dir;
        throw new DirectoryNotFoundException($"No LinuxNetPS.sln above {here}.");
    }
}
