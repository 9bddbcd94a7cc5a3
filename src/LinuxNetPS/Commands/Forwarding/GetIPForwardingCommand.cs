using System.Management.Automation;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>Get-IPForwarding: whether a namespace routes between its interfaces (`sysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding`).</summary>
[Cmdlet(VerbsCommon.Get, "IPForwarding")]
[OutputType(typeof(IPForwarding))]
public sealed class GetIPForwardingCommand : NamespacedCmdlet
{
    protected override void ProcessRecord() => Try(Namespace, () => WriteObject(Client.Forwarding.Get()));
}
