using System.Management.Automation;
using LinuxNetPS.Links;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>Enable-NetAdapter: brings interfaces up (`ip link set X up`), Windows' NetAdapter shape of Set-NetLink -Up.</summary>
[Cmdlet(VerbsLifecycle.Enable, "NetAdapter", SupportsShouldProcess = true, DefaultParameterSetName = "ByName")]
[OutputType(typeof(NetLink))]
public sealed class EnableNetAdapterCommand : NetAdapterCmdlet
{
    protected override void ProcessRecord() => Change(new LinkChanges { Up = true });
}
