using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Impairment;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Set-NetLinkImpairment: delay, jitter, loss, rate ... on the packets a link end sends
/// (`tc qdisc replace dev IFACE root netem delay 100ms 10ms loss 1% rate 10mbit`). Replaces what the link had.
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetLinkImpairment", SupportsShouldProcess = true)]
[OutputType(typeof(LinkImpairment))]
public sealed class SetNetLinkImpairmentCommand : NamespacedCmdlet
{
    private LinkImpairmentSpec _spec = new();

    /// <summary>The link end whose outgoing packets to impair.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    /// <summary>Added delay: '100ms', '1.5s', '250us' or a TimeSpan.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan? Delay { get; set; }

    /// <summary>Random variation of the delay (needs -Delay): '10ms'.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan? Jitter { get; set; }

    /// <summary>Random loss in percent: 1, '1%' or '0.5%'.</summary>
    [Parameter]
    [PercentArgument]
    public double? Loss { get; set; }

    /// <summary>Rate limit: '10mbit', '1gbit', '500kbit' (tc's units; kbps/mbps are bytes), or bits per second as a number.</summary>
    [Parameter]
    [RateArgument]
    public ulong? Rate { get; set; }

    /// <summary>Duplicated packets in percent.</summary>
    [Parameter]
    [PercentArgument]
    public double? Duplicate { get; set; }

    /// <summary>Corrupted packets (one bit flipped) in percent.</summary>
    [Parameter]
    [PercentArgument]
    public double? Corrupt { get; set; }

    /// <summary>Re-ordered packets (sent at once, ahead of delayed ones) in percent; needs -Delay.</summary>
    [Parameter]
    [PercentArgument]
    public double? Reorder { get; set; }

    /// <summary>netem's queue length in packets (default 1000).</summary>
    [Parameter]
    public uint? Limit { get; set; }

    /// <summary>Write the impairment as the kernel now reports it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _spec = new LinkImpairmentSpec
        {
            Delay = Delay, Jitter = Jitter, LossPercent = Loss, RateBitsPerSecond = Rate,
            DuplicatePercent = Duplicate, CorruptPercent = Corrupt, ReorderPercent = Reorder, Limit = Limit,
        };
        try { _spec.Validate(); }
        catch (NetOperationException e) { ThrowUsage(e); }
    }

    protected override void ProcessRecord()
    {
        Try(Interface, () =>
        {
            LinkName.Validate(Interface);
            var client = Client;
            if (!ShouldProcess(Target("link", Interface), $"Set impairment: {_spec}")) return;
            var set = client.Impairments.Set(Interface, _spec);
            if (PassThru) WriteObject(set);
        });
    }
}
