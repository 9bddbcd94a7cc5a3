using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Commands;

/// <summary>
/// Add-PortForward: destination NAT of a TCP/UDP port to another address, as Docker's -p does
/// (`iptables -t nat -A PREROUTING -p tcp --dport 5000 -j DNAT --to-destination 192.168.1.10:5000`).
/// Pipeline input (rows of Import-Csv, rules of Get-NatRule) is gathered and added in batches of one nf_tables
/// transaction each (<see cref="PipelineBatch{T}"/>), with the same per-forward output, notes, warnings and errors.
/// </summary>
[Cmdlet(VerbsCommon.Add, "PortForward", SupportsShouldProcess = true, DefaultParameterSetName = PortSet)]
[OutputType(typeof(NatRule))]
public sealed class AddPortForwardCommand : NatCmdlet
{
    private const string PortSet = "Port", PublishSet = "Publish";

    private PipelineBatch<Forward>? _batch;

    /// <summary>tcp, udp or sctp.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PortSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NatProtocolCompleter))]
    public string Protocol { get; set; } = "";

    /// <summary>The destination port to forward, "5000", or a range, "8000-8010".</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PortSet)]
    [ValidateNotNullOrEmpty]
    public string Port { get; set; } = "";

    /// <summary>The address to forward to (`--to-destination`).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ToAddress { get; set; } = "";

    /// <summary>The port to forward to; omitted: the same port.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PortSet)]
    public int? ToPort { get; set; }

    /// <summary>
    /// Docker's -p spelling, read as Connect-ContainerNetwork -Publish reads it: "8080:80", "8080-8081:80-81/udp",
    /// "10.0.0.1:8080:80", "[fd00::1]:8080:80", "0.0.0.0:8080:80" (every IPv4 address). Host ports must be given here.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = PublishSet)]
    [ValidateNotNullOrEmpty]
    public string[] Publish { get; set; } = [];

    /// <summary>Only connections from this source prefix (`-s`).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Source { get; set; }

    /// <summary>Only connections to this address (`-d`); omitted, 0.0.0.0 or ::: any address of the namespace (of that family).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PortSet)]
    [Alias("ExternalIPAddress")]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    /// <summary>Write the rule to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _batch = new PipelineBatch<Forward>(this, AddMany, AddOne) { ChunkSize = 1000 };
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PublishSet)
        {
            foreach (var text in Publish) AddPublished(text);
            return;
        }
        // Pipeline input by property name rebinds (or leaves unset) these per record: take this record's values now.
        var request = new PortForwardRequest(Protocol, Port, ToAddress, ToPort, Source, Destination);
        _batch!.Stage(Port, () =>
        {
            var rule = request.ToDefinition();
            var nat = Client.Nat;
            if (!ShouldProcess(RuleTarget(rule.ToString()), "Add")) return;
            _batch.Add(new Forward(nat, request), Port, NamespaceOrNull ?? "");
        });
    }

    protected override void EndProcessing() => _batch!.Flush();

    /// <summary>One -Publish value: its forwards in one transaction, all or none.</summary>
    private void AddPublished(string text)
    {
        Try(text, () =>
        {
            var nat = Client.Nat;
            var requests = PublishedPort.ForwardsOf(text, ToAddress, Source, Client);
            if (!ShouldProcess(RuleTarget(string.Join("; ", requests.Select(r => r.ToDefinition().ToString()))), "Add")) return;
            var changes = nat.AddPortForwards(requests);
            var warnings = ForwardPathWarnings(nat);
            foreach (var change in changes) Written(change, warnings);
        });
    }

    protected override void StopProcessing() => _batch?.Stop();

    /// <summary>One transaction for the chunk (all of one namespace); all or nothing, so a refusal is retried one by one.</summary>
    private IReadOnlyList<Action> AddMany(IReadOnlyList<Forward> forwards)
    {
        var nat = forwards[0].Nat;
        var changes = nat.AddPortForwards(forwards.Select(f => f.Request));
        var warnings = ForwardPathWarnings(nat); // once for the chunk: they describe the namespace after it
        return changes.Select(change => (Action)(() => Written(change, warnings))).ToList();
    }

    private Action AddOne(Forward forward)
    {
        var r = forward.Request;
        var change = forward.Nat.AddPortForward(r.Protocol, r.Port, r.ToAddress, r.ToPort, r.Source, r.Destination);
        var warnings = ForwardPathWarnings(forward.Nat);
        return () => Written(change, warnings);
    }

    private void Written(NatChange change, IReadOnlyList<string> warnings)
    {
        Completed(change, warnings);
        if (PassThru) WriteObject(change.Rule);
    }

    private sealed record Forward(NatOperations Nat, PortForwardRequest Request);
}
