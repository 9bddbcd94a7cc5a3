using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Nat;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>Add-NetNatStaticMapping: a port forward (Add-PortForward underneath) recorded as a static mapping of a NetNat.</summary>
[Cmdlet(VerbsCommon.Add, "NetNatStaticMapping", SupportsShouldProcess = true)]
[OutputType(typeof(NetNatStaticMapping))]
public sealed class AddNetNatStaticMappingCommand : NatCmdlet
{
    /// <summary>The NAT the mapping belongs to.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string NatName { get; set; } = "";

    /// <summary>TCP or UDP.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NatProtocolCompleter))]
    public string Protocol { get; set; } = "";

    /// <summary>The address incoming connections are addressed to; 0.0.0.0 (or ::) for any address of the namespace.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string ExternalIPAddress { get; set; } = "";

    /// <summary>The port incoming connections are addressed to.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(1, 65535)]
    public int ExternalPort { get; set; }

    /// <summary>The address connections are forwarded to.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string InternalIPAddress { get; set; } = "";

    /// <summary>The port connections are forwarded to; omitted: the external port.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int? InternalPort { get; set; }

    /// <summary>Write the mapping to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(NatName, () =>
        {
            var client = Client;
            var what = $"Add static mapping {Protocol.ToUpperInvariant()} {ExternalIPAddress}:{ExternalPort} -> {InternalIPAddress}:{InternalPort ?? ExternalPort}";
            if (!ShouldProcess(Target("NAT", NatName), what)) return;
            var mapping = NetNats.For(client).AddMapping(NatName, Protocol, ExternalIPAddress, ExternalPort, InternalIPAddress, InternalPort);
            foreach (var warning in ForwardPathWarnings(client.Nat)) WriteWarning(warning);
            if (PassThru) WriteObject(mapping);
        });
    }
}
