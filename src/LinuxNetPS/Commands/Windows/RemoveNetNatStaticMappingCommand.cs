using System.Management.Automation;
using LinuxNetPS.Compose.Nat;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetNatStaticMapping: removes static mappings (their port forwards), chosen by -StaticMappingID and -NatName;
/// with neither, every mapping of every NAT of the namespace, as in Windows. Each is asked for with ShouldProcess.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetNatStaticMapping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(NetNatStaticMapping))]
public sealed class RemoveNetNatStaticMappingCommand : NamespacedCmdlet
{
    /// <summary>The mappings' ids (the StaticMappingID of Get-NetNatStaticMapping's objects).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? StaticMappingID { get; set; }

    /// <summary>Only mappings of these NATs; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? NatName { get; set; }

    /// <summary>Write the removed mappings to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var nats = NetNats.For(Client);
            var all = nats.Mappings();
            var chosen = all
                .Where(m => NatName is null || NatName.Any(n => Wildcard.IsPattern(n) ? Wildcard.Matches(n, m.NatName) : n == m.NatName))
                .Where(m => StaticMappingID is null || StaticMappingID.Contains(m.StaticMappingID))
                .ToList();
            foreach (var id in (StaticMappingID ?? []).Where(id => chosen.All(m => m.StaticMappingID != id)))
                Report(NetOperationException.NotFound($"No NAT{(NatName is null ? "" : " named " + string.Join(", ", NatName))} in {TargetText.Where(Namespace)} has a static mapping '{id}' (see Get-NetNatStaticMapping).", id)
                    .WithErrorId(ErrorIds.NetNatStaticMappingNotFound), id);
            foreach (var m in chosen)
                Try(m.StaticMappingID, () =>
                {
                    if (!ShouldProcess(Target("NAT", m.NatName), $"Remove static mapping {m}")) return;
                    var removed = nats.RemoveMapping(m.StaticMappingID);
                    if (PassThru) WriteObject(removed);
                });
        });
    }
}
