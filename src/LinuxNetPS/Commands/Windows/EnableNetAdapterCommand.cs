using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Links;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>Enable-NetAdapter: brings interfaces up (`ip link set X up`), Windows' NetAdapter shape of Set-NetLink -Up.</summary>
[Cmdlet(VerbsLifecycle.Enable, "NetAdapter", SupportsShouldProcess = true, DefaultParameterSetName = "ByName")]
[OutputType(typeof(NetLink))]
public sealed class EnableNetAdapterCommand : NetAdapterCmdlet, ICimSessionCmdlet
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
        if (!RelayedToHosts()) Change(new LinkChanges { Up = true });
    }
}
