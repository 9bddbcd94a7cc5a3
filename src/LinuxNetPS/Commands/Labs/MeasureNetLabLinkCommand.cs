using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>
/// Measure-NetLabLink: TCP throughput across a lab link (or between two nodes), Mininet's iperf without iperf: a
/// bounded stream over sockets this process makes inside the nodes' namespaces. A measurement, not a pass/fail check,
/// hence Measure (like Measure-Command) rather than a switch of Test-NetLab.
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

    protected override void ProcessRecord()
    {
        Try(ParameterSetName == "Link" ? Endpoint : From, () =>
        {
            if (ParameterSetName == "Nodes")
                foreach (var node in new[] { From, To })
                    if (!LabBinder.IsValidNodeName(node))
                        throw NetOperationException.Invalid($"'{InputText.Echo(node)}' is not a valid node name: 1 to 32 letters, digits, '-', '_' or '.'.", node)
                            .WithErrorId(ErrorIds.InvalidLabLink);
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

    protected override void StopProcessing() => _stop.Cancel();
}
