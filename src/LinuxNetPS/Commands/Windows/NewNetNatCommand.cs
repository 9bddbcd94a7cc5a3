using System.Management.Automation;
using LinuxNetPS.Compose.Nat;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>New-NetNat: Windows' NetNat: a named masquerade of an internal prefix (Enable-Masquerade underneath).</summary>
[Cmdlet(VerbsCommon.New, "NetNat", SupportsShouldProcess = true)]
[OutputType(typeof(NetNat))]
public sealed class NewNetNatCommand : NatCmdlet
{
    /// <summary>The NAT's name.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The internal prefix whose traffic is translated, e.g. 192.168.0.0/24; omitted (with an external prefix): all traffic.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? InternalIPInterfaceAddressPrefix { get; set; }

    /// <summary>A prefix the external interface's address is in: only traffic leaving by that interface is translated.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExternalIPInterfaceAddressPrefix { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            NetNats.CheckName(Name);
            if (InternalIPInterfaceAddressPrefix is null && ExternalIPInterfaceAddressPrefix is null)
                throw NetOperationException.Invalid("Give -InternalIPInterfaceAddressPrefix (whose traffic is translated), -ExternalIPInterfaceAddressPrefix (by which interface), or both.", Name);
            var client = Client;
            string what = (InternalIPInterfaceAddressPrefix ?? "all traffic") + (ExternalIPInterfaceAddressPrefix is null ? "" : $" leaving by the interface in {ExternalIPInterfaceAddressPrefix}");
            if (!ShouldProcess(Target("NAT", Name), $"Create (masquerade {what})")) return;
            var nat = NetNats.For(client).New(Name, InternalIPInterfaceAddressPrefix, ExternalIPInterfaceAddressPrefix);
            foreach (var warning in ForwardPathWarnings(client.Nat)) WriteWarning(warning);
            WriteObject(nat);
        });
    }
}
