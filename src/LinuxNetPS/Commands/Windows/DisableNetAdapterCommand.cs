using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Links;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>
/// Disable-NetAdapter: takes interfaces down (`ip link set X down`), Windows' NetAdapter shape of Set-NetLink -Down.
/// ConfirmImpact High, as in Windows: a link taken down can cut the session that typed it.
/// </summary>
[Cmdlet(VerbsLifecycle.Disable, "NetAdapter", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "ByName")]
[OutputType(typeof(NetLink))]
public sealed class DisableNetAdapterCommand : NetAdapterCmdlet, ICimSessionCmdlet
{
    /// <summary>
    /// Windows' remote computers: host names (or user@host) reached with PowerShell remoting over SSH, or open PSSessions;
    /// the command runs on each of them (with the LinuxNetPS installed there) instead of here.
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(RemoteHostCompleter))]
    public object[]? CimSession { get; set; }

    protected override void ProcessRecord()
    {
        if (!RelayedToHosts()) Change(new LinkChanges { Up = false });
    }
}
