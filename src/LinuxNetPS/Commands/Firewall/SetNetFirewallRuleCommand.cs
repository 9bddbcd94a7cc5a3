using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Commands;

/// <summary>
/// Set-NetFirewallRule: changes what a rule matches or does, in one transaction that replaces its nf_tables rules in place
/// (counters kept where a match stays). Only the parameters given change; a list given replaces the list ("Any" empties it).
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetFirewallRule", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(NetFirewallRule))]
public sealed class SetNetFirewallRuleCommand : NamespacedCmdlet
{
    /// <summary>The rule to change.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FirewallRuleNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The rule to change, from the pipeline (the Rule property of Get-NetFirewallRule's objects).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Rule")]
    [ValidateNotNullOrEmpty]
    public string Rule { get; set; } = "";

    /// <summary>A new readable name.</summary>
    [Parameter] public string? DisplayName { get; set; }
    /// <summary>A new direction.</summary>
    [Parameter] public FirewallDirection? Direction { get; set; }
    /// <summary>A new action.</summary>
    [Parameter] public FirewallAction? Action { get; set; }
    /// <summary>A new priority.</summary>
    [Parameter] public int? Priority { get; set; }
    /// <summary>A new protocol (Any for none).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(FirewallProtocolCompleter))]
    public string? Protocol { get; set; }
    /// <summary>New local ports.</summary>
    [Parameter] public string[]? LocalPort { get; set; }
    /// <summary>New remote ports.</summary>
    [Parameter] public string[]? RemotePort { get; set; }
    /// <summary>New local addresses.</summary>
    [Parameter] public string[]? LocalAddress { get; set; }
    /// <summary>New remote addresses.</summary>
    [Parameter] public string[]? RemoteAddress { get; set; }
    /// <summary>A new local address set ("" for none).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(AddressSetNameCompleter))]
    public string? LocalAddressSet { get; set; }
    /// <summary>A new remote address set ("" for none).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(AddressSetNameCompleter))]
    public string? RemoteAddressSet { get; set; }
    /// <summary>A new interface ("" for any).</summary>
    [Parameter]
    [Alias("InterfaceAlias")]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Interface { get; set; }
    /// <summary>A new outgoing interface for a Forward rule ("" for any).</summary>
    [Parameter]
    [Alias("OutInterfaceAlias")]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }
    /// <summary>New connection states.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ConnectionStateCompleter))]
    public string[]? ConnectionState { get; set; }
    /// <summary>New ICMP types.</summary>
    [Parameter] public string[]? IcmpType { get; set; }

    /// <summary>Write the changed rule to the pipeline.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var name = ParameterSetName == "Rule" ? Rule : Name;
        Try(name, () =>
        {
            var firewall = Client.Firewall;
            var current = firewall.Get(name);
            var p = MyInvocation.BoundParameters;
            var direction = Direction ?? current.Direction;
            // An Outbound rule's one interface is Interface: -OutInterface alone replaces it. A Forward rule's second one
            // stays while the rule stays Forward.
            var iface = p.ContainsKey(nameof(Interface)) ? Interface
                : direction == FirewallDirection.Outbound && p.ContainsKey(nameof(OutInterface)) ? null : current.Interface;
            var outIface = p.ContainsKey(nameof(OutInterface)) ? OutInterface : current.Direction == FirewallDirection.Forward ? current.OutInterface : null;
            var request = FirewallRuleRequest.From(current) with
            {
                DisplayName = p.ContainsKey(nameof(DisplayName)) ? DisplayName : FirewallRuleRequest.From(current).DisplayName,
                Direction = direction,
                Action = Action ?? current.Action,
                Priority = Priority ?? current.Priority,
                Protocol = p.ContainsKey(nameof(Protocol)) ? Protocol : current.Protocol,
                LocalPort = LocalPort ?? current.LocalPort,
                RemotePort = RemotePort ?? current.RemotePort,
                LocalAddress = LocalAddress ?? current.LocalAddress,
                RemoteAddress = RemoteAddress ?? current.RemoteAddress,
                LocalAddressSet = p.ContainsKey(nameof(LocalAddressSet)) ? LocalAddressSet : current.LocalAddressSet,
                RemoteAddressSet = p.ContainsKey(nameof(RemoteAddressSet)) ? RemoteAddressSet : current.RemoteAddressSet,
                InterfaceAlias = iface,
                OutInterfaceAlias = outIface,
                ConnectionState = ConnectionState ?? current.ConnectionState,
                IcmpType = IcmpType ?? current.IcmpType,
            };
            request.ToDefinition(); // bad input fails before any prompt
            if (!ShouldProcess(Target("firewall rule", name), "Set")) return;
            var rule = firewall.Set(request);
            if (PassThru) WriteObject(rule);
        });
    }
}
