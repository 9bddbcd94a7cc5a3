using System.Management.Automation;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Clear-NetConnectionTracking: flushes the conntrack table of a namespace (`conntrack -F`), or with filters deletes the
/// entries they match (`conntrack -D -p udp --dport 53`). Asks first (ConfirmImpact High): established connections lose
/// their state, and with a default-drop firewall their next packets are dropped. -Force skips the question.
/// </summary>
[Cmdlet(VerbsCommon.Clear, "NetConnectionTracking", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByFilter)]
[OutputType(typeof(void))]
public sealed class ClearNetConnectionTrackingCommand : ConnectionTrackingFilterCmdlet
{
    /// <summary>Do not ask for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var filter = Filter();
            var client = Client;
            string what = filter.IsEmpty ? "every tracked connection" : $"the tracked connections matching {filter}";
            if (!ShouldProcessUnlessForced(Force, $"{what} in {TargetText.Where(Namespace)}", "Clear")) return;
            int count = client.ConnectionTracking.Clear(filter);
            WriteVerbose($"Deleted {count} tracked connection(s) in {TargetText.Where(Namespace)}.");
        });
    }
}
