using System.Management.Automation;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>Disable-IPForwarding: stops a namespace routing between its interfaces (`echo 0 > /proc/sys/net/ipv4/ip_forward`).</summary>
[Cmdlet(VerbsLifecycle.Disable, "IPForwarding", SupportsShouldProcess = true)]
[OutputType(typeof(IPForwarding))]
public sealed class DisableIPForwardingCommand : ForwardingSwitchCmdlet
{
    protected override string Action => "Disable";

    protected override IPForwarding Apply(ForwardingOperations forwarding, IPFamily[] families) => forwarding.Disable(families);
}
