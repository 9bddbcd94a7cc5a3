using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Commands;

/// <summary>
/// Add-PortForward: destination NAT of a TCP/UDP port to another address, as Docker's -p does
/// (`iptables -t nat -A PREROUTING -p tcp --dport 5000 -j DNAT --to-destination 192.168.1.10:5000`).
/// </summary>
[Cmdlet(VerbsCommon.Add, "PortForward", SupportsShouldProcess = true)]
[OutputType(typeof(NatRule))]
public sealed class AddPortForwardCommand : NatCmdlet
{
    /// <summary>tcp or udp.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NatProtocolCompleter))]
    public string Protocol { get; set; } = "";

    /// <summary>The destination port to forward, "5000", or a range, "8000-8010".</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Port { get; set; } = "";

    /// <summary>The address to forward to (`--to-destination`).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string ToAddress { get; set; } = "";

    /// <summary>The port to forward to; omitted: the same port.</summary>
    [Parameter]
    public int? ToPort { get; set; }

    /// <summary>Only connections from this source prefix (`-s`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Source { get; set; }

    /// <summary>Only connections to this local address (`-d`); omitted: any address of the namespace.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    /// <summary>Write the rule to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(Port, () =>
        {
            var rule = NatRuleDefinition.PortForward(Protocol, Port, ToAddress, ToPort, Source, Destination);
            var nat = Client.Nat;
            if (!ShouldProcess(RuleTarget(rule.ToString()), "Add")) return;
            var change = nat.AddPortForward(Protocol, Port, ToAddress, ToPort, Source, Destination);
            Completed(nat, change);
            if (PassThru) WriteObject(change.Rule);
        });
    }
}
