using System.Net;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;
using LinuxNetPS.Support;

namespace LinuxNetPS.Module.UnitTests;

public class NatTextTests
{
    public static TheoryData<string> Definitions() => new()
    {
        "masq", "masq-out", "masq-v6", "snat", "dnat", "dnat-full", "dnat-v6",
    };

    private static NatRuleDefinition Make(string name) => name switch
    {
        "masq" => NatRuleDefinition.Masquerade("10.10.1.10/16", excludeOutInterface: "br0"),
        "masq-out" => NatRuleDefinition.Masquerade("192.168.1.0/24", outInterface: "eth0"),
        "masq-v6" => NatRuleDefinition.Masquerade("fd00::/64"),
        "snat" => NatRuleDefinition.SourceNat("10.0.0.0/24", "172.31.13.55", "eth0"),
        "dnat" => NatRuleDefinition.PortForward("tcp", "5000", "192.168.1.10"),
        "dnat-full" => NatRuleDefinition.PortForward("udp", "8000-8010", "10.0.0.2", 9000, "10.0.0.0/16", "172.31.13.55"),
        "dnat-v6" => NatRuleDefinition.PortForward("tcp", "80", "fd00::2", 8080),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Definitions))]
    public void Match_words_are_the_start_of_the_core_text(string name)
    {
        // Guards against drift: the removal text must read like the rule Get-NatRule shows.
        var definition = Make(name);
        string match = NatText.MatchWords(definition);
        Assert.StartsWith(match.Length == 0 ? "" : match + " ", definition.ToString());
    }

    [Fact]
    public void Target_names_the_rule_and_the_namespace()
    {
        var rule = Make("masq");
        Assert.Equal("NAT rule 'ip saddr 10.10.0.0/16 oifname != br0 masquerade' in the host namespace", NatText.Target(rule.ToString(), null));
        Assert.Equal("NAT rule 'ip saddr 10.10.0.0/16 oifname != br0 masquerade' in namespace 'red'", NatText.Target(rule.ToString(), "red"));
    }

    [Fact]
    public void Removal_with_a_target_is_the_whole_rule()
    {
        var rule = Make("dnat-full");
        Assert.Equal(rule.ToString(), NatText.Removal(rule, anyTarget: false));
        Assert.Contains("dnat to 10.0.0.2:9000", NatText.Removal(rule, anyTarget: false));
    }

    [Fact]
    public void Removal_without_a_target_hides_the_placeholder()
    {
        var snat = NatRuleDefinition.SourceNat("10.0.0.0/24", NatText.AnyTargetLike("10.0.0.0/24"), "eth0");
        Assert.Equal("ip saddr 10.0.0.0/24 oifname eth0 snat", NatText.Removal(snat, anyTarget: true));

        var dnat = NatRuleDefinition.PortForward("tcp", "8080", NatText.AnyTargetLike(null));
        Assert.Equal("tcp dport 8080 dnat", NatText.Removal(dnat, anyTarget: true));

        var dnat6 = NatRuleDefinition.PortForward("udp", "53", NatText.AnyTargetLike("fd00::/64"), source: "fd00::/64");
        Assert.Equal("ip6 saddr fd00::/64 udp dport 53 dnat", NatText.Removal(dnat6, anyTarget: true));
    }

    [Fact]
    public void Masquerade_has_no_target_to_hide()
    {
        var rule = Make("masq-out");
        Assert.Equal("ip saddr 192.168.1.0/24 oifname eth0 masquerade", NatText.Removal(rule, anyTarget: true));
    }

    [Theory]
    [InlineData(null, "0.0.0.0")]
    [InlineData("10.0.0.0/24", "0.0.0.0")]
    [InlineData("172.31.13.55", "0.0.0.0")]
    [InlineData("fd00::/64", "::")]
    [InlineData("::1", "::")]
    public void Placeholder_target_has_the_family_of_the_address(string? address, string expected) =>
        Assert.Equal(expected, NatText.AnyTargetLike(address));

    [Fact]
    public void Already_in_place_says_which_rule_where_and_that_nothing_changed()
    {
        var rule = new NatRule
        {
            Namespace = "red", Id = "masq-1a2b3c4d", Kind = NatRuleKind.Masquerade, Family = IPFamily.IPv4,
            Source = "10.10.0.0/16", ExcludeOutInterface = "br0", Chain = "postrouting",
        };
        Assert.Equal(
            "The NAT rule 'ip saddr 10.10.0.0/16 oifname != br0 masquerade' (id masq-1a2b3c4d) is already in place in namespace 'red'; nothing was changed.",
            NatText.AlreadyInPlace(rule));
        Assert.Contains("in the host namespace", NatText.AlreadyInPlace(rule with { Namespace = null }));
    }

    [Fact]
    public void Remove_target_shows_id_and_rule()
    {
        var rule = new NatRule
        {
            Id = "dnat-0badcafe", Kind = NatRuleKind.PortForward, Family = IPFamily.IPv4, Protocol = "tcp", Port = "5000",
            ToAddress = IPAddress.Parse("192.168.1.10"), ToPort = 5000, Chain = "prerouting",
        };
        Assert.Equal("NAT rule dnat-0badcafe ('tcp dport 5000 dnat to 192.168.1.10:5000') in the host namespace", NatText.Target(rule, null));
    }
}

public class ForwardingTextTests
{
    [Theory]
    [InlineData(ForwardingFamily.IPv4, null, "IPv4 forwarding (net.ipv4.ip_forward) in the host namespace")]
    [InlineData(ForwardingFamily.IPv6, "red", "IPv6 forwarding (net.ipv6.conf.all.forwarding) in namespace 'red'")]
    [InlineData(ForwardingFamily.Both, "", "IPv4 and IPv6 forwarding (net.ipv4.ip_forward, net.ipv6.conf.all.forwarding) in the host namespace")]
    public void Names_the_sysctls_and_the_namespace(ForwardingFamily family, string? ns, string expected) =>
        Assert.Equal(expected, ForwardingText.Target(family, ns));
}
