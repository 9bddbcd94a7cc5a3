using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Measure-NetLabLink: TCP throughput across a lab link (or between two nodes), Mininet's iperf without iperf: a
/// bounded stream over sockets this process makes inside the nodes' namespaces. A measurement, not a pass/fail check,
/// hence Measure (like Measure-Command) rather than a switch of Test-NetLab. -Session: a lab split over hosts; a
/// stream between nodes on one host is measured by that host, one between hosts is refused (both sockets are this
/// process's, so both nodes must be on one machine).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "NetLabLink", DefaultParameterSetName = "Link")]
[OutputType(typeof(NetLabThroughput))]
public sealed class MeasureNetLabLinkCommand : LabTargetCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The link: from this end ('h1:eth0') to the address of the end across it; 'A:IF--B:IF' or 'A--B' stream from A. From the pipeline, a lab link's EndA.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = "Link")]
    [Alias("EndA")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabLinkCompleter))]
    public string Endpoint { get; set; } = "";

    /// <summary>The node the stream goes from.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Nodes")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabNodeCompleter))]
    public string From { get; set; } = "";

    /// <summary>The node the stream goes to (its first address, IPv4 first).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Nodes")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabNodeCompleter))]
    public string To { get; set; } = "";

    /// <summary>Seconds to send for (default 1; 0.1 to 60).</summary>
    [Parameter]
    [ValidateRange(0.1, 60.0)]
    public double Seconds { get; set; } = 1;

    /// <summary>A lab split over hosts: the hosts' PowerShell sessions; the host that has both nodes measures, output tagged with PSComputerName. Nodes on two hosts are refused.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    protected override void ProcessRecord()
    {
        Try(ParameterSetName == "Link" ? Endpoint : From, () =>
        {
            if (ParameterSetName == "Nodes")
                foreach (var node in new[] { From, To })
                    if (!LabBinder.IsValidNodeName(node))
                        throw NetOperationException.Invalid($"'{InputText.Echo(node)}' is not a valid node name: 1 to 32 letters, digits, '-', '_' or '.'.", node)
                            .WithErrorId(ErrorIds.InvalidLabLink);
            if (Session is not null)
            {
                OnHost(Session);
                return;
            }
            var plan = ParameterSetName == "Link" ? LabThroughput.ForLink(LabLinkSelection.Select(LabName, Endpoint)) : LabThroughput.ForNodes(LabName, From, To);
            var duration = TimeSpan.FromSeconds(Seconds);
            var progress = new ProgressRecord(2, $"TCP stream {plan.Source} -> {plan.Target} {plan.Address}", "connecting");
            var result = LabThroughput.Measure(plan, duration, (bytes, elapsed) =>
            {
                progress.StatusDescription = $"{bytes / 1e6:0.0} MB received, {(elapsed.TotalSeconds > 0 ? bytes * 8 / elapsed.TotalSeconds / 1e6 : 0):0.0} Mbit/s";
                progress.PercentComplete = (int)Math.Min(100, 100 * elapsed.TotalSeconds / Seconds);
                WriteProgress(progress);
            }, _stop.Token);
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            WriteObject(result);
        });
    }

    /// <summary>Finds the one host that has both ends (or both nodes) and has it measure with its own Measure-NetLabLink.</summary>
    private void OnHost(System.Management.Automation.Runspaces.PSSession[] sessions)
    {
        var hosts = new LabHosts(this);
        var p = new System.Collections.Hashtable { ["Lab"] = LabName, ["Seconds"] = Seconds };
        System.Management.Automation.Runspaces.PSSession target;
        const string why = "the stream's two sockets are made by one process, so both nodes must be on one host. " +
            "Measure between nodes on one host, or run a stream tool in both nodes (Invoke-NetLab -Session ... { iperf3 ... }).";
        if (ParameterSetName == "Link")
        {
            var (having, name) = hosts.HostsOfLink(sessions, Lab, Endpoint);
            if (having.Count > 1)
                throw NetOperationException.Invalid($"The link {name} is between hosts ({string.Join(" and ", having.Select(s => s.ComputerName))}): {why}", Endpoint)
                    .WithErrorId(ErrorIds.InvalidLabLink);
            target = having[0];
            p["Endpoint"] = Endpoint;
        }
        else
        {
            var (from, _) = hosts.HostOfNode(sessions, From, Lab);
            var (to, _) = hosts.HostOfNode(sessions, To, Lab);
            if (from.InstanceId != to.InstanceId)
                throw NetOperationException.Invalid($"The nodes '{From}' (on {from.ComputerName}) and '{To}' (on {to.ComputerName}) are on two hosts: {why}", From)
                    .WithErrorId(ErrorIds.InvalidLabLink);
            target = from;
            p["From"] = From;
            p["To"] = To;
        }
        hosts.Forward([target], "Measure-NetLabLink", p);
    }

    protected override void StopProcessing() => _stop.Cancel();
}
