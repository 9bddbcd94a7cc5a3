using System.Management.Automation;
using LinuxNetPS.Links;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>
/// Disable-NetAdapter: takes interfaces down (`ip link set X down`), Windows' NetAdapter shape of Set-NetLink -Down.
/// ConfirmImpact High, as in Windows: a link taken down can cut the session that typed it.
/// </summary>
[Cmdlet(VerbsLifecycle.Disable, "NetAdapter", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "ByName")]
[OutputType(typeof(NetLink))]
public sealed class DisableNetAdapterCommand : NetAdapterCmdlet
{
    protected override void ProcessRecord() => Change(new LinkChanges { Up = false });
}
