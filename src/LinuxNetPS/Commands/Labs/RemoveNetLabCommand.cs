using System.Management.Automation;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetLab: deletes every namespace of a lab (and so every link, address, route and rule in them) and its
/// record; nothing else. Works on a lab whose New-NetLab was killed half-way.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(NetLab))]
public sealed class RemoveNetLabCommand : LabTargetCmdlet
{
    /// <summary>Write the removed lab to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>A lab split over hosts: the hosts' PowerShell sessions; every host removes its part (all at once).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    protected override void ProcessRecord()
    {
        Try(Lab, () =>
        {
            if (Session is not null)
            {
                new LabHosts(this).Remove(Session, LabName, PassThru, what => ShouldProcess(what, "Remove"));
                return;
            }
            var record = NetLabs.RecordOf(LabName);
            if (!ShouldProcess($"network lab '{record.Name}' (namespaces {string.Join(", ", record.Nodes.Select(n => n.Namespace))})", "Remove")) return;
            var progress = new ProgressReporter(this, $"Removing network lab '{record.Name}' ({record.Nodes.Count} nodes)");
            NetLab removed;
            try
            {
                // By the file's name: a record naming another lab never removes that one.
                removed = NetLabs.Remove(LabName, (done, count, node) => progress.Report(done, count, $"Node {done + 1} of {count}: {node}"));
            }
            finally
            {
                progress.Complete();
            }
            if (removed.Problem is { } problem) WriteWarning(problem);
            if (PassThru) WriteObject(removed);
        });
    }
}
