using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetLab: the labs recorded under /run/linuxnetps/labs, each checked against the kernel (namespaces there, links up).</summary>
[Cmdlet(VerbsCommon.Get, "NetLab")]
[OutputType(typeof(NetLab))]
public sealed class GetNetLabCommand : NetCmdlet
{
    /// <summary>Lab names (wildcards allowed); omitted: all.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>A lab split over hosts: the hosts' PowerShell sessions; each host answers for its part, rows tagged with PSComputerName.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            if (Session is not null)
            {
                var p = new System.Collections.Hashtable();
                if (Name is not null) p["Name"] = Name;
                new LabHosts(this).Forward(Session, "Get-NetLab", p);
                return;
            }
            var all = NetLabs.List(WriteWarning);
            if (Name is null)
            {
                WriteObject(all, enumerateCollection: true);
                return;
            }
            var selected = NameFilter.Select(all, l => l.Lab, Name, out var missing);
            WriteObject(selected, enumerateCollection: true);
            foreach (var name in missing) Report(LabErrors.NotFound(name), name);
        });
    }
}
