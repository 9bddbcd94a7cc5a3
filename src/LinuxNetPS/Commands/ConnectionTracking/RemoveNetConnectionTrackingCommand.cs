using System.Management.Automation;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetConnectionTracking: deletes tracked connections (`conntrack -D`): entries piped from Get-NetConnectionTracking,
/// or those the filters match (at least one filter: the whole table is Clear-NetConnectionTracking's). Each entry is
/// deleted by its tuple and id, so a new connection that reuses the tuple stays; one already gone is skipped.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetConnectionTracking", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByFilter)]
[OutputType(typeof(void))]
public sealed class RemoveNetConnectionTrackingCommand : ConnectionTrackingFilterCmdlet
{
    private const string ByObject = "InputObject";

    /// <summary>Entries from Get-NetConnectionTracking.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObject)]
    public NetConnectionTrackingEntry[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        // Checked here, not in BeginProcessing: the parameter set of piped entries is only known once they are bound.
        if (ParameterSetName == ByFilter && Protocol is null && SourceAddress is null && DestinationAddress is null && SourcePort is null
            && DestinationPort is null && State is null && Zone is null)
            ThrowUsage(NetOperationException.Invalid(
                "Remove-NetConnectionTracking needs a filter (-Protocol, -SourceAddress, -DestinationAddress, -SourcePort, -DestinationPort, -State or -Zone) or entries from Get-NetConnectionTracking. To delete every entry, use Clear-NetConnectionTracking."));
        if (ParameterSetName == ByObject)
        {
            Remove(InputObject);
            return;
        }
        Try(Namespace, () => Remove(Client.ConnectionTracking.List(Filter())));
    }

    private void Remove(IEnumerable<NetConnectionTrackingEntry> entries)
    {
        var chosen = entries.Where(e => ShouldProcess($"tracked connection {e} in {TargetText.Where(Namespace)}", "Remove")).ToList();
        if (chosen.Count == 0) return;
        Try(Namespace, () =>
        {
            int deleted = Client.ConnectionTracking.Delete(chosen);
            WriteVerbose($"Deleted {deleted} of {chosen.Count} tracked connection(s) in {TargetText.Where(Namespace)}; the others were already gone.");
        });
    }
}
