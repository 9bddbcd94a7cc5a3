using System.Management.Automation;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>What Enable- and Disable-IPForwarding share; they differ only in the value written.</summary>
public abstract class ForwardingSwitchCmdlet : NamespacedCmdlet
{
    /// <summary>The families to switch: IPv4 (the default, as the walkthroughs' `echo 1 > /proc/sys/net/ipv4/ip_forward`), IPv6, or both (-Family IPv4, IPv6).</summary>
    [Parameter]
    [Alias("AddressFamily")]
    [ValidateNotNullOrEmpty]
    public IPFamily[] Family { get; set; } = [IPFamily.IPv4];

    private ForwardingFamily SelectedFamily =>
        Family.Contains(IPFamily.IPv4) && Family.Contains(IPFamily.IPv6) ? ForwardingFamily.Both
        : Family.Contains(IPFamily.IPv6) ? ForwardingFamily.IPv6 : ForwardingFamily.IPv4;

    /// <summary>Write the resulting settings to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>"Enable" or "Disable", for -WhatIf.</summary>
    protected abstract string Action { get; }

    /// <summary>The core call.</summary>
    protected abstract IPForwarding Apply(ForwardingOperations forwarding, ForwardingFamily family);

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var client = Client;
            if (!ShouldProcess(ForwardingText.Target(SelectedFamily, Namespace), Action)) return;
            var result = Apply(client.Forwarding, SelectedFamily);
            if (PassThru) WriteObject(result);
        });
    }
}
