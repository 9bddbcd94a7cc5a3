using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-NetFirewallRule: a named firewall rule in our table inet linuxnetps (Windows' New-NetFirewallRule; `nft add rule
/// inet linuxnetps input tcp dport 22 drop`). Pipeline input (rows of Import-Csv, rules of Get-NetFirewallRule from another
/// namespace) is gathered into nf_tables transactions of up to 1000 rules (<see cref="PipelineBatch{T}"/>), with the same
/// per-rule output and errors as one call per rule.
/// </summary>
[Cmdlet(VerbsCommon.New, "NetFirewallRule", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(NetFirewallRule))]
public sealed class NewNetFirewallRuleCommand : NamespacedCmdlet
{
    private PipelineBatch<(FirewallOperations Firewall, FirewallRuleRequest Request)>? _batch;

    /// <summary>The rule's unique name: letters, digits and . _ - : @ +.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The rule's name from the pipeline: the Rule property of rows or of Get-NetFirewallRule's objects.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Rule")]
    [ValidateNotNullOrEmpty]
    public string Rule { get; set; } = "";

    private string RuleName => ParameterSetName == "Rule" ? Rule : Name;

    /// <summary>A readable name; default: the Name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DisplayName { get; set; }

    /// <summary>Inbound (to this namespace), Outbound (from it) or Forward (through it). Default: Inbound.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public FirewallDirection Direction { get; set; } = FirewallDirection.Inbound;

    /// <summary>Allow, Block or Reject. Default: Allow.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public FirewallAction Action { get; set; } = FirewallAction.Allow;

    /// <summary>Where the rule runs: ascending, before the module's own network rules. Default: 1000.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int Priority { get; set; } = FirewallRuleDefinition.DefaultPriority;

    /// <summary>Whether the kernel evaluates the rule. Default: true.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public bool Enabled { get; set; } = true;

    /// <summary>TCP, UDP, ICMPv4, ICMPv6 or Any (default).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(FirewallProtocolCompleter))]
    public string? Protocol { get; set; }

    /// <summary>Local ports or ranges ("22", "8000-8010"); needs -Protocol TCP or UDP.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? LocalPort { get; set; }

    /// <summary>Remote ports or ranges; needs -Protocol TCP or UDP.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? RemotePort { get; set; }

    /// <summary>Local addresses or prefixes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? LocalAddress { get; set; }

    /// <summary>Remote addresses or prefixes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? RemoteAddress { get; set; }

    /// <summary>An address set the local address must be in.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AddressSetNameCompleter))]
    public string? LocalAddressSet { get; set; }

    /// <summary>An address set the remote address must be in (10,000 addresses: one rule, one lookup).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AddressSetNameCompleter))]
    public string? RemoteAddressSet { get; set; }

    /// <summary>The interface packets arrive on (Inbound, Forward) or leave through (Outbound).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("InterfaceAlias")]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Interface { get; set; }

    /// <summary>
    /// The interface forwarded packets leave through (-Direction Forward, with -InterfaceAlias for the one they arrive on);
    /// for Outbound the same as -InterfaceAlias; not for Inbound.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("OutInterfaceAlias")]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }

    /// <summary>Connection tracking states: New, Established, Related, Invalid, Untracked.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ConnectionStateCompleter))]
    public string[]? ConnectionState { get; set; }

    /// <summary>ICMP types (echo-request ... or numbers); needs -Protocol ICMPv4 or ICMPv6.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? IcmpType { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _batch = new(this, AddMany, AddOne) { ChunkSize = 1000 };
    }

    protected override void ProcessRecord()
    {
        var request = new FirewallRuleRequest
        {
            Name = RuleName, DisplayName = DisplayName, Direction = Direction, Action = Action, Priority = Priority, Enabled = Enabled,
            Protocol = Protocol, LocalPort = LocalPort, RemotePort = RemotePort, LocalAddress = LocalAddress, RemoteAddress = RemoteAddress,
            LocalAddressSet = LocalAddressSet, RemoteAddressSet = RemoteAddressSet, InterfaceAlias = Interface, OutInterfaceAlias = OutInterface, ConnectionState = ConnectionState, IcmpType = IcmpType,
        };
        var name = RuleName;
        _batch!.Stage(name, () =>
        {
            var definition = request.ToDefinition();
            var firewall = Firewall();
            if (!ShouldProcess(Target("firewall rule", $"{definition.Name}: {definition.Direction} {definition.Action}"), "Create")) return;
            _batch.Add((firewall, request), name, NamespaceOrNull ?? "");
        });
    }

    /// <summary>
    /// The firewall of the row's namespace. The rows of a pipeline nearly always name one namespace, so it is looked up
    /// once for a run of rows, not once per row (each lookup opens and stats the namespace file).
    /// </summary>
    private FirewallOperations Firewall()
    {
        var ns = NamespaceOrNull;
        if (_firewall is { } last && last.Namespace == ns) return last.Firewall;
        var firewall = Client.Firewall;
        _firewall = (ns, firewall);
        return firewall;
    }

    private (string? Namespace, FirewallOperations Firewall)? _firewall;

    protected override void EndProcessing() => _batch!.Flush();

    protected override void StopProcessing() => _batch?.Stop();

    private IReadOnlyList<Action> AddMany(IReadOnlyList<(FirewallOperations Firewall, FirewallRuleRequest Request)> items) =>
        items[0].Firewall.Add(items.Select(i => i.Request)).Select(change => (Action)(() => Written(change))).ToList();

    private Action AddOne((FirewallOperations Firewall, FirewallRuleRequest Request) item)
    {
        var change = item.Firewall.Add([item.Request]).Single();
        return () => Written(change);
    }

    private void Written(FirewallChange change)
    {
        if (!change.Added) WriteInformation(new HostInformationMessage { Message = $"The firewall rule '{change.Rule.Rule}' was already in place; nothing was changed." }, ["PSHOST", "LinuxNetPS"]);
        WriteObject(change.Rule);
    }
}
