using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Labs;

namespace LinuxNetPS.Commands;

/// <summary>
/// Base of the cmdlets that act on one lab, named by -Lab. It binds from the pipeline by the property Lab, which
/// labs, lab nodes, links and test results have and nothing else does (a Name would bind links, bridges, namespaces).
/// </summary>
public abstract class LabTargetCmdlet : NetCmdlet
{
    /// <summary>The lab's name; from the pipeline, the Lab of a lab (or of its nodes, links, results).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabNameCompleter))]
    public string Lab { get; set; } = "";

    /// <summary>The lab asked for, its name checked.</summary>
    protected string LabName
    {
        get
        {
            NetLabs.ValidateName(Lab);
            return Lab;
        }
    }
}
