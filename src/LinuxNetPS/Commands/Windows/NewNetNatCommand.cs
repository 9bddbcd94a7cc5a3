using System.Management.Automation;
using LinuxNetPS.Compose.Nat;
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

    /// <summary>The internal prefix whose traffic is translated, e.g. 192.168.0.0/24.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string InternalIPInterfaceAddressPrefix { get; set; } = "";

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            NetNats.CheckName(Name);
            var client = Client;
            if (!ShouldProcess(Target("NAT", Name), $"Create (masquerade {InternalIPInterfaceAddressPrefix})")) return;
            var nat = NetNats.For(client).New(Name, InternalIPInterfaceAddressPrefix);
            foreach (var warning in ForwardPathWarnings(client.Nat)) WriteWarning(warning);
            WriteObject(nat);
        });
    }
}
