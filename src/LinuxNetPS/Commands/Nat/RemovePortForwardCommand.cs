using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Nftables;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Remove-PortForward: removes the port forward for this protocol, port, source and destination.</summary>
[Cmdlet(VerbsCommon.Remove, "PortForward", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemovePortForwardCommand : NatCmdlet
{
    /// <summary>tcp or udp.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NatProtocolCompleter))]
    public string Protocol { get; set; } = "";

    /// <summary>The forwarded port or range, as it was added.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Port { get; set; } = "";

    /// <summary>If given, the forward must go to this address (a check; the rule is found without it).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ToAddress { get; set; }

    /// <summary>If given (with -ToAddress), the forward must go to this port.</summary>
    [Parameter]
    public int? ToPort { get; set; }

    /// <summary>The source prefix the forward was added with, if any.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Source { get; set; }

    /// <summary>The destination address the forward was added with, if any (0.0.0.0 and :: are the same as none).</summary>
    [Parameter]
    [Alias("ExternalIPAddress")]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ToPort is not null && ToAddress is null)
            ThrowUsage(NetOperationException.Invalid("-ToPort checks where the forward goes, together with -ToAddress; give -ToAddress too, or leave -ToPort out."));
    }

    protected override void ProcessRecord()
    {
        Try(Port, () =>
        {
            // Validates every input; without -ToAddress the target is a placeholder the text leaves out.
            var rule = NatRuleDefinition.PortForward(Protocol, Port, ToAddress ?? NatText.AnyTargetLike(Source ?? Destination), ToPort, Source, Destination);
            var nat = Client.Nat;
            if (!ShouldProcess(RuleTarget(NatText.Removal(rule, anyTarget: ToAddress is null)), "Remove")) return;
            nat.RemovePortForward(Protocol, Port, ToAddress, ToPort, Source, Destination);
        });
    }
}
