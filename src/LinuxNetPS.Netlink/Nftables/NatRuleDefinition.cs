using LinuxNetPS.Nftables.Wire;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Nftables;

/// <summary>
/// A NAT rule in checked, typed form: what the user asked for (built by the factories, which
/// validate every input before the kernel sees it) and what we read back from the kernel
/// (built by <see cref="NatRuleParser"/>). Two definitions are equal exactly when they are the
/// same rule, which makes adding idempotent.
/// </summary>
public sealed record NatRuleDefinition
{
    public NatRuleKind Kind { get; init; }
    public AddressFamily Family { get; init; }
    /// <summary>IPPROTO_TCP or IPPROTO_UDP (port forwards).</summary>
    public byte? Protocol { get; init; }
    /// <summary>The source prefix, host bits cleared.</summary>
    public IPPrefix? Source { get; init; }
    public IPAddress? Destination { get; init; }
    public ushort PortMin { get; init; }
    public ushort PortMax { get; init; }
    public string? OutInterface { get; init; }
    /// <summary>Whether <see cref="OutInterface"/> is excluded (oifname !=) rather than required.</summary>
    public bool ExcludeOutInterface { get; init; }
    public IPAddress? ToAddress { get; init; }
    public ushort? ToPort { get; init; }

    public IPFamily FamilyName => IPFamilies.Of(Family);
    public string? ProtocolName => Protocol switch { NftValues.IpProtoTcp => "tcp", NftValues.IpProtoUdp => "udp", NftValues.IpProtoSctp => "sctp", _ => null };
    public string? PortText => Protocol is null ? null : PortMin == PortMax ? $"{PortMin}" : $"{PortMin}-{PortMax}";

    /// <summary>What traffic the rule selects (not where it sends it): two rules with the same key would shadow each other.</summary>
    public string MatchKey => string.Join('|', Kind, FamilyName, ProtocolName, PortText, Source?.ToString(), Destination?.ToString(),
        ExcludeOutInterface ? "!" + OutInterface : OutInterface);

    /// <summary>Stable id derived from <see cref="MatchKey"/>: the same rule gets the same id in every run.</summary>
    public string Id
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(MatchKey));
            string kind = Kind switch { NatRuleKind.Masquerade => "masq", NatRuleKind.SourceNat => "snat", _ => "dnat" };
            return $"{kind}-{Convert.ToHexString(hash, 0, 4).ToLowerInvariant()}";
        }
    }

    /// <summary>The rule in nft's words (for -WhatIf and messages), e.g. "ip saddr 10.0.0.0/24 masquerade".</summary>
    public override string ToString() => ToModel(Id, null, "", 0, null).ToString();

    /// <summary>The matching part in nft's words, everything before the action ("ip saddr 10.0.0.0/24 oifname eth0").</summary>
    public string MatchText
    {
        get
        {
            var parts = new List<string>();
            string ip = FamilyName.NftName();
            if (Source is { } source) parts.Add($"{ip} saddr {source}");
            if (Destination is { } destination) parts.Add($"{ip} daddr {destination}");
            if (OutInterface is { } name) parts.Add(ExcludeOutInterface ? $"oifname != {name}" : $"oifname {name}");
            if (ProtocolName is { } protocol) parts.Add($"{protocol} dport {PortText}");
            return string.Join(' ', parts);
        }
    }

    /// <summary>
    /// The rule without where it sends traffic, for a removal that does not name the target: "ip saddr 10.0.0.0/24 snat",
    /// "tcp dport 5000 dnat" (never a stand-in address such as 0.0.0.0). A masquerade has no target, so it is the whole rule.
    /// </summary>
    public string TextWithoutTarget => Kind switch
    {
        NatRuleKind.Masquerade => ToString(),
        _ => string.Join(' ', new[] { MatchText, Kind == NatRuleKind.SourceNat ? "snat" : "dnat" }.Where(s => s.Length > 0)),
    };

    /// <summary>The object emitted to the pipeline.</summary>
    internal NatRule ToModel(string id, string? ns, string chain, ulong handle, ulong? outputHandle) => new()
    {
        Namespace = ns,
        Id = id,
        Kind = Kind,
        Family = FamilyName,
        Protocol = ProtocolName,
        Source = Source?.ToString(),
        Destination = Destination,
        Port = PortText,
        OutInterface = ExcludeOutInterface ? null : OutInterface,
        ExcludeOutInterface = ExcludeOutInterface ? OutInterface : null,
        ToAddress = ToAddress,
        ToPort = ToPort,
        Chain = chain,
        Handle = handle,
        OutputHandle = outputHandle,
    };

    /// <summary>Masquerade traffic from <paramref name="source"/>, optionally only out of (or not out of) one interface.</summary>
    public static NatRuleDefinition Masquerade(string source, string? outInterface = null, string? excludeOutInterface = null)
    {
        var prefix = ParseSource(source)!.Value;
        var (name, exclude) = ParseOutInterface(outInterface, excludeOutInterface);
        return new NatRuleDefinition
        {
            Kind = NatRuleKind.Masquerade, Family = prefix.Family, Source = prefix,
            OutInterface = name, ExcludeOutInterface = exclude,
        };
    }

    /// <summary>Source NAT of traffic from <paramref name="source"/> to <paramref name="toAddress"/>.</summary>
    public static NatRuleDefinition SourceNat(string source, string toAddress, string? outInterface = null, string? excludeOutInterface = null)
    {
        var prefix = ParseSource(source)!.Value;
        var to = ParseAddress(toAddress, "target address");
        RequireSameFamily(prefix.Family, to, "target address", $"source prefix '{prefix}'");
        var (name, exclude) = ParseOutInterface(outInterface, excludeOutInterface);
        return new NatRuleDefinition
        {
            Kind = NatRuleKind.SourceNat, Family = prefix.Family, Source = prefix, ToAddress = to,
            OutInterface = name, ExcludeOutInterface = exclude,
        };
    }

    /// <summary>
    /// Forward <paramref name="protocol"/> port <paramref name="port"/> ("5000" or "8000-8010") arriving at
    /// this host (or only at <paramref name="destination"/>) to <paramref name="toAddress"/>[:<paramref name="toPort"/>].
    /// </summary>
    public static NatRuleDefinition PortForward(string protocol, string port, string toAddress, int? toPort = null,
        string? source = null, string? destination = null)
    {
        byte proto = ParseProtocol(protocol);
        var (min, max) = ParsePortRange(port);
        var to = ParseAddress(toAddress, "target address");
        var family = to.AddressFamily;
        ushort? target = toPort is null ? null : ParsePort(toPort.Value, "target port");
        var prefix = ParseSource(source, required: false);
        if (prefix is { } p) RequireSameFamily(p.Family, to, "target address", $"source prefix '{p}'");
        IPAddress? dest = destination is null ? null : ParseAddress(destination, "destination address");
        if (dest is not null) RequireSameFamily(dest.AddressFamily, to, "target address", $"destination '{dest}'");
        // 0.0.0.0 and :: are "every address" (Docker's -p 0.0.0.0:8080:80, NetNat's -ExternalIPAddress 0.0.0.0), never a
        // match on the unspecified address, which no packet is sent to: the rule matches every local address of its family.
        if (dest is not null && IsUnspecified(dest)) dest = null;
        return new NatRuleDefinition
        {
            Kind = NatRuleKind.PortForward, Family = family, Protocol = proto, PortMin = min, PortMax = max,
            Source = prefix, Destination = dest, ToAddress = to, ToPort = target,
        };
    }

    /// <summary>0.0.0.0 or :: (also ::ffff:0.0.0.0): the address that stands for every address of its family.</summary>
    public static bool IsUnspecified(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || (address.IsIPv4MappedToIPv6 && address.MapToIPv4().Equals(IPAddress.Any));

    private static IPPrefix? ParseSource(string? text, bool required = true)
    {
        if (text is null && !required) return null;
        if (string.IsNullOrWhiteSpace(text))
            throw NetOperationException.Invalid("A source prefix is required, for example 10.10.0.0/16 (0.0.0.0/0 for any IPv4 source).", text).WithErrorId(ErrorIds.InvalidPrefix);
        return IPPrefix.Parse(text).Network;
    }

    private static IPAddress ParseAddress(string text, string what) => IPPrefix.ParseAddress(text, what);

    private static void RequireSameFamily(AddressFamily family, IPAddress address, string what, string other)
    {
        if (address.AddressFamily == family) return;
        var (a, b) = (IPFamilies.Of(address), IPFamilies.Of(family));
        throw NetOperationException.Invalid(
            $"The {what} '{address}' is {a} but the {other} is {b}; a NAT rule works in one family, so give an {b} {what}.", address.ToString());
    }

    private static (string? Name, bool Exclude) ParseOutInterface(string? outInterface, string? excludeOutInterface)
    {
        if (outInterface is not null && excludeOutInterface is not null)
            throw NetOperationException.Invalid(
                $"Give either an out interface ('{outInterface}') or an interface to exclude ('{excludeOutInterface}'), not both.", outInterface);
        if (outInterface is not null) return (LinkName.Validate(outInterface), false);
        if (excludeOutInterface is not null) return (LinkName.Validate(excludeOutInterface), true);
        return (null, false);
    }

    /// <summary>"tcp", "udp" or "sctp", any case (Docker's -p protocols).</summary>
    public static byte ParseProtocol(string? protocol) => protocol?.Trim().ToLowerInvariant() switch
    {
        "tcp" => NftValues.IpProtoTcp,
        "udp" => NftValues.IpProtoUdp,
        "sctp" => NftValues.IpProtoSctp,
        _ => throw NetOperationException.Invalid($"Unknown protocol '{protocol}': port forwarding supports 'tcp', 'udp' and 'sctp'.", protocol).WithErrorId(ErrorIds.InvalidProtocol),
    };

    /// <summary>"5000" or "8000-8010": ports from 1 to 65535, the first not above the last.</summary>
    public static (ushort Min, ushort Max) ParsePortRange(string? port)
    {
        var text = port?.Trim() ?? "";
        int dash = text.IndexOf('-');
        string first = dash < 0 ? text : text[..dash], last = dash < 0 ? text : text[(dash + 1)..];
        if (!TryPort(first, out var min) || !TryPort(last, out var max))
            throw NetOperationException.Invalid(
                $"'{port}' is not a valid port: give a number from 1 to 65535 (for example 5000) or a range such as 8000-8010.", port).WithErrorId(ErrorIds.InvalidPort);
        if (min > max)
            throw NetOperationException.Invalid($"The port range '{port}' is backwards; write the lower port first, for example {max}-{min}.", port).WithErrorId(ErrorIds.InvalidPort);
        return (min, max);
    }

    private static bool TryPort(string text, out ushort port)
    {
        port = 0;
        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, null, out int value) && value is >= 1 and <= 65535
            && (port = (ushort)value) > 0;
    }

    private static ushort ParsePort(int port, string what) => port is >= 1 and <= 65535
        ? (ushort)port
        : throw NetOperationException.Invalid($"The {what} {port} is out of range: give a number from 1 to 65535.", port.ToString()).WithErrorId(ErrorIds.InvalidPort);
}
