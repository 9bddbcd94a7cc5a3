using System.Management.Automation;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>What Enable- and Disable-IPForwarding share; they differ only in the value written.</summary>
public abstract class ForwardingSwitchCmdlet : NamespacedCmdlet
{
    /// <summary>IPv4 (the default, as the walkthroughs' `echo 1 > /proc/sys/net/ipv4/ip_forward`), IPv6 or Both.</summary>
    /// <remarks>A string, like -Family everywhere else in the module; the set of values is checked by ValidateSet.</remarks>
    [Parameter]
    [ValidateSet("IPv4", "IPv6", "Both")]
    public string Family { get; set; } = "IPv4";

    private ForwardingFamily SelectedFamily => Enum.Parse<ForwardingFamily>(Family, ignoreCase: true);

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
