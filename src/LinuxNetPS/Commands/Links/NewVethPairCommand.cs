using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>New-VethPair: creates a veth pair (`ip link add NAME type veth peer name PEER [netns NS]`).</summary>
[Cmdlet(VerbsCommon.New, "VethPair", SupportsShouldProcess = true)]
[OutputType(typeof(VethPair))]
public sealed class NewVethPairCommand : NamespacedCmdlet
{
    /// <summary>Name of the first end (created in -Namespace).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Name of the other end.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string PeerName { get; set; } = "";

    /// <summary>Namespace for the other end (name, path or pid; 1 = the host). Omitted: the same as the first end.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? PeerNamespace { get; set; }

    /// <summary>Bridge to attach the first end to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string? Master { get; set; }

    /// <summary>MTU of both ends.</summary>
    [Parameter]
    public uint? Mtu { get; set; }

    /// <summary>Bring both ends up.</summary>
    [Parameter]
    public SwitchParameter Up { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            LinkName.Validate(Name);
            LinkName.Validate(PeerName);
            if (Master is not null) LinkName.Validate(Master);
            var peerNamespace = string.IsNullOrEmpty(PeerNamespace) ? null : NamespaceRef.Parse(PeerNamespace);
            var spec = new VethSpec
            {
                Name = Name,
                PeerName = PeerName,
                PeerNamespace = peerNamespace,
                Mtu = Mtu,
                Master = Master,
                Up = Up.IsPresent,
                PeerUp = Up.IsPresent,
            };
            var client = Client;
            if (peerNamespace is not null) NetworkNamespaces.Get(peerNamespace); // a missing peer namespace is an error under -WhatIf too
            var peerWhere = peerNamespace is null ? "" : $", peer in {TargetText.Where(peerNamespace.Spec)}";
            var action = "Create" + (Master is null ? "" : $", '{Name}' attached to bridge '{Master}'") + (Up.IsPresent ? ", both ends up" : "");
            if (!ShouldProcess($"veth pair '{Name}' <-> '{PeerName}' in {TargetText.Where(Namespace)}{peerWhere}", action)) return;
            WriteObject(client.Links.CreateVeth(spec));
        });
    }
}
