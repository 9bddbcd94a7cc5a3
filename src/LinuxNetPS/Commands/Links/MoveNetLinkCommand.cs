using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Move-NetLink: moves a link to another network namespace (`ip link set NAME netns NS`).</summary>
[Cmdlet(VerbsCommon.Move, "NetLink", SupportsShouldProcess = true, DefaultParameterSetName = TargetSet)]
[OutputType(typeof(NetLink))]
public sealed class MoveNetLinkCommand : NamespacedCmdlet
{
    private const string TargetSet = "TargetNamespace";
    private const string HostSet = "ToHost";

    /// <summary>The links to move.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ObjectNames("Name", typeof(NetLink), typeof(VethPair), typeof(BridgePort), typeof(NetBridge))]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Destination namespace: name, path or pid.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = TargetSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string TargetNamespace { get; set; } = "";

    /// <summary>Move the links to the host namespace (the one PID 1 is in).</summary>
    [Parameter(Mandatory = true, ParameterSetName = HostSet)]
    public SwitchParameter ToHost { get; set; }

    /// <summary>Name the link gets in the destination namespace.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    /// <summary>Write the moved link, as seen in its new namespace, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (NewName is not null && Name.Length > 1)
            ThrowUsage(NetOperationException.Invalid($"-NewName renames one link, but {Name.Length} names were given."));
        foreach (var name in Name)
        {
            Try(name, () =>
            {
                LinkName.Validate(name);
                if (NewName is not null) LinkName.Validate(NewName);
                var target = ToHost.IsPresent ? NamespaceRef.Host : NamespaceRef.Parse(TargetNamespace);
                var client = Client;
                NetworkNamespaces.Get(target); // a missing target is an error under -WhatIf too
                var action = $"Move to {TargetText.Where(target.Spec)}" + (NewName is null ? "" : $" as '{NewName}'");
                if (!ShouldProcess(Target("link", name), action)) return;
                var moved = client.Links.MoveTo(name, target, NewName);
                if (PassThru) WriteObject(moved);
            });
        }
    }
}
