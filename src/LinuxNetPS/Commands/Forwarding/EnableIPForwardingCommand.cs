using System.Management.Automation;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>Enable-IPForwarding: lets a namespace route between its interfaces (`echo 1 > /proc/sys/net/ipv4/ip_forward`).</summary>
[Cmdlet(VerbsLifecycle.Enable, "IPForwarding", SupportsShouldProcess = true)]
[OutputType(typeof(IPForwarding))]
public sealed class EnableIPForwardingCommand : ForwardingSwitchCmdlet
{
    protected override string Action => "Enable";

    protected override IPForwarding Apply(ForwardingOperations forwarding, IPFamily[] families) => forwarding.Enable(families);
}
