using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Set-NetLabLink: changes a link of a running lab: down or up (both ends, as Mininet's `link s1 h1 down`), another
/// impairment on the end named (or both ends, when the link is named by its two ends or nodes), or -Flap N times.
/// -Session: a lab split over hosts; each host that has the link changes its end(s) (both hosts for a link between them).
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetLabLink", SupportsShouldProcess = true, DefaultParameterSetName = "Change")]
[OutputType(typeof(NetLabLink))]
public sealed class SetNetLabLinkCommand : LabTargetCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The link (containerlab's endpoints): one end 'r1:eth1', both ends 'r1:eth1--r2:eth1', or the two nodes 'r1--r2'. From the pipeline, a lab link's EndA.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("EndA")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabLinkCompleter))]
    public string Endpoint { get; set; } = "";

    /// <summary>Up or Down: both ends of the link.</summary>
    [Parameter(ParameterSetName = "Change")]
    [ValidateSet("Up", "Down")]
    public string? State { get; set; }

    /// <summary>Added delay on the end(s) named: '100ms'.</summary>
    [Parameter(ParameterSetName = "Change")]
    [DurationArgument]
    public TimeSpan? Delay { get; set; }

    /// <summary>Random variation of the delay (needs -Delay).</summary>
    [Parameter(ParameterSetName = "Change")]
    [DurationArgument]
    public TimeSpan? Jitter { get; set; }

    /// <summary>Random loss in percent.</summary>
    [Parameter(ParameterSetName = "Change")]
    [PercentArgument]
    public double? Loss { get; set; }

    /// <summary>Rate limit: '100mbit' (tbf alone, or netem's rate with the others).</summary>
    [Parameter(ParameterSetName = "Change")]
    [RateArgument]
    public ulong? Rate { get; set; }

    /// <summary>Duplicated packets in percent.</summary>
    [Parameter(ParameterSetName = "Change")]
    [PercentArgument]
    public double? Duplicate { get; set; }

    /// <summary>Corrupted packets in percent.</summary>
    [Parameter(ParameterSetName = "Change")]
    [PercentArgument]
    public double? Corrupt { get; set; }

    /// <summary>Take the impairment off the end(s) named.</summary>
    [Parameter(ParameterSetName = "Change")]
    public SwitchParameter NoImpairment { get; set; }

    /// <summary>Take the link down and up again this many times (1 or more).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Flap")]
    public int Flap { get; set; }

    /// <summary>Seconds each flap stays down, and up before the next (default 1; 0.5 is half a second).</summary>
    [Parameter(ParameterSetName = "Flap")]
    public double Interval { get; set; } = 1;

    /// <summary>Write the link as it is afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>A lab split over hosts: the hosts' PowerShell sessions; every host that has the link changes its end(s), all at once; output tagged with PSComputerName.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    private Model.LinkImpairmentSpec? _spec;

    // What -WhatIf and -Confirm say each change does, here and on every host of a split lab alike.
    private string FlapAction => $"Flap {Flap} time{(Flap == 1 ? "" : "s")}, {Primitives.ImpairmentText.FormatDuration(TimeSpan.FromSeconds(Interval))} down and up";
    private string StateAction => $"Set {State!.ToLowerInvariant()}";
    private string ImpairmentAction => NoImpairment ? "Remove impairment" : $"Set impairment: {_spec}";

    private bool Impairs => Delay is not null || Jitter is not null || Loss is not null || Rate is not null || Duplicate is not null || Corrupt is not null;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ParameterSetName == "Flap")
        {
            if (Flap < 1)
                ThrowUsage(NetOperationException.Invalid($"-Flap {Flap}: a link flaps at least once; give a count of 1 or more.", Flap.ToString())
                    .WithErrorId(ErrorIds.InvalidLabLink));
            if (!(Interval > 0 && Interval <= 3600))
                ThrowUsage(NetOperationException.Invalid($"-Interval {Interval}: give seconds above zero and at most 3600, as in 0.5.", Interval.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .WithErrorId(ErrorIds.InvalidLabLink));
            return;
        }
        if (State is null && !Impairs && !NoImpairment)
            ThrowUsage(NetOperationException.Invalid("Nothing to change: give -State Up/Down, impairment parameters (-Delay, -Loss, -Rate ...), -NoImpairment or -Flap N."));
        if (NoImpairment && Impairs)
            ThrowUsage(NetOperationException.Invalid("-NoImpairment takes the impairment off; it cannot go with -Delay, -Loss, -Rate ...."));
        if (Impairs)
        {
            _spec = new Model.LinkImpairmentSpec
            {
                Delay = Delay, Jitter = Jitter, LossPercent = Loss, RateBitsPerSecond = Rate, DuplicatePercent = Duplicate, CorruptPercent = Corrupt,
            };
            try { _spec.Validate(); }
            catch (NetOperationException e) { ThrowUsage(e); }
        }
    }

    protected override void ProcessRecord()
    {
        Try(Endpoint, () =>
        {
            if (Session is not null)
            {
                OnHosts(Session);
                return;
            }
            var link = LabLinkSelection.Select(LabName, Endpoint);
            string target = $"link {link.Link.A}--{link.Link.B} of lab '{link.Record.Name}'";
            NetLabLink? result = null;
            if (ParameterSetName == "Flap")
            {
                if (!ShouldProcess(target, FlapAction)) return;
                var progress = new ProgressRecord(1, $"Flapping {link.Link.A}--{link.Link.B}", "starting");
                result = LabLinkControl.Flap(link, Flap, TimeSpan.FromSeconds(Interval), (i, up) =>
                {
                    progress.StatusDescription = $"flap {i} of {Flap}: {(up ? "up" : "down")}";
                    progress.PercentComplete = (int)(100.0 * (2 * (i - 1) + (up ? 1 : 0)) / (2 * Flap));
                    WriteProgress(progress);
                }, _stop.Token);
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
            else
            {
                if (State is not null && ShouldProcess(target, StateAction))
                    result = LabLinkControl.SetState(link, up: State == "Up");
                if ((Impairs || NoImpairment) && ShouldProcess($"{string.Join(" and ", link.Ends)} of lab '{link.Record.Name}'", ImpairmentAction))
                    result = LabLinkControl.SetImpairment(link, _spec);
            }
            if (PassThru && result is not null) WriteObject(result);
        });
    }

    /// <summary>Finds the hosts that have the link, asks for each, and has each change its own end(s) with its own Set-NetLabLink.</summary>
    private void OnHosts(System.Management.Automation.Runspaces.PSSession[] sessions)
    {
        var hosts = new LabHosts(this);
        var (targets, name) = hosts.HostsOfLink(sessions, LabName, Endpoint);
        var p = new System.Collections.Hashtable { ["Lab"] = Lab, ["Endpoint"] = Endpoint, ["Confirm"] = false };
        string action;
        if (ParameterSetName == "Flap")
        {
            p["Flap"] = Flap;
            p["Interval"] = Interval;
            action = FlapAction;
        }
        else
        {
            var said = new List<string>();
            if (State is not null)
            {
                p["State"] = State;
                said.Add(StateAction);
            }
            foreach (var (key, value) in new (string, object?)[] { ("Delay", Delay), ("Jitter", Jitter), ("Loss", Loss), ("Rate", Rate), ("Duplicate", Duplicate), ("Corrupt", Corrupt) })
                if (value is not null) p[key] = value;
            if (NoImpairment) p["NoImpairment"] = true;
            if (Impairs || NoImpairment) said.Add(ImpairmentAction);
            action = string.Join(", ", said);
        }
        if (PassThru) p["PassThru"] = true;
        var chosen = targets.Where(s => ShouldProcess($"link {name} of lab '{Lab}' on {s.ComputerName}", action)).ToList();
        if (chosen.Count > 0) hosts.Forward(chosen, "Set-NetLabLink", p);
    }

    protected override void StopProcessing() => _stop.Cancel();
}
