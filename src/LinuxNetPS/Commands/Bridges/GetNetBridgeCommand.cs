using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetBridge: lists bridges with their ports (`brctl show`, `ip link show type bridge`).</summary>
[Cmdlet(VerbsCommon.Get, "NetBridge")]
[OutputType(typeof(NetBridge))]
public sealed class GetNetBridgeCommand : NamespacedCmdlet
{
    /// <summary>Bridge names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var selected = NameFilter.Select(Client.Bridges.List(), b => b.Name, Name, out var missing);
            WriteObject(selected, true);
            foreach (var name in missing)
                Report(NetOperationException.NotFound($"There is no bridge '{name}' in {TargetText.Where(Namespace)}.", name).WithErrorId(ErrorIds.BridgeNotFound), name);
        });
    }
}
