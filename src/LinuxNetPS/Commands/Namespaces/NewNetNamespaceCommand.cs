using LinuxNetPS.Support;
using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Commands;

/// <summary>New-NetNamespace: creates named network namespaces (`ip netns add NAME`).</summary>
[Cmdlet(VerbsCommon.New, "NetNamespace", SupportsShouldProcess = true)]
[OutputType(typeof(NetNamespace))]
public sealed class NewNetNamespaceCommand : NetCmdlet
{
    /// <summary>Names of the namespaces to create (files under /run/netns).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ObjectNames("Namespace", typeof(NetNamespace))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            Try(name, () =>
            {
                NamespaceRef.ValidateName(name);
                if (!ShouldProcess($"network namespace '{name}'", "Create")) return;
                WriteObject(NetworkNamespaces.Create(name));
            });
        }
    }
}
