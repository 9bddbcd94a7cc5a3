using System.Management.Automation;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetConnectionTracking: the connections the kernel tracks in a namespace (`conntrack -L`), over ctnetlink.</summary>
[Cmdlet(VerbsCommon.Get, "NetConnectionTracking", DefaultParameterSetName = ByFilter)]
[OutputType(typeof(NetConnectionTrackingEntry))]
public sealed class GetNetConnectionTrackingCommand : ConnectionTrackingFilterCmdlet
{
    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var filter = Filter();
            WriteObject(Client.ConnectionTracking.List(filter), true);
        });
    }
}
