using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>Remove-NetLinkImpairment: takes the impairment off a link end (`tc qdisc del dev IFACE root`).</summary>
[Cmdlet(VerbsCommon.Remove, "NetLinkImpairment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetLinkImpairmentCommand : NamespacedCmdlet
{
    /// <summary>The link end whose impairment to remove; it is an error (LinkImpairmentNotFound) if it has none.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImpairedLinkCompleter))]
    public string Interface { get; set; } = "";

    protected override void ProcessRecord()
    {
        Try(Interface, () =>
        {
            LinkName.Validate(Interface);
            var client = Client;
            if (!ShouldProcess(Target("link", Interface), "Remove impairment")) return;
            client.Impairments.Remove(Interface);
        });
    }
}
