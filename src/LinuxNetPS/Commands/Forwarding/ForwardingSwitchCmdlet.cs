using System.Management.Automation;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>What Enable- and Disable-IPForwarding share; they differ only in the value written.</summary>
public abstract class ForwardingSwitchCmdlet : NamespacedCmdlet
{
    /// <summary>IPv4, IPv6 or Both (the default).</summary>
    [Parameter]
    public ForwardingFamily Family { get; set; } = ForwardingFamily.Both;

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
            if (!ShouldProcess(ForwardingText.Target(Family, Namespace), Action)) return;
            var result = Apply(client.Forwarding, Family);
            if (PassThru) WriteObject(result);
        });
    }
}
