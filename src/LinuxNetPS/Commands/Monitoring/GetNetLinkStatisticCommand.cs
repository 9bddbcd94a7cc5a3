using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Statistics;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetLinkStatistic: interface counters (`ip -s link`), with rates over -Interval.</summary>
[Cmdlet(VerbsCommon.Get, "NetLinkStatistic")]
[Alias("Get-NetAdapterStatistics")] // Windows' NetAdapter name: same -Name, and LinkStatistic carries Windows' property names as aliases
[OutputType(typeof(LinkStatistic))]
public sealed class GetNetLinkStatisticCommand : NamespacedCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Interface names; wildcards allowed. Omitted: every interface.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Seconds between two readings; the rates (bytes and packets per second) are over this interval.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double? Interval { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var statistics = new LinkStatistics(Client);
            IReadOnlyList<LinkStatistic> all;
            try
            {
                all = Interval is { } seconds ? statistics.Sample(TimeSpan.FromSeconds(seconds), _stop.Token) : statistics.Read();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            WriteObject(NameFilter.Select(all, s => s.Name, Name, out var missing), true);
            foreach (var name in missing)
                Report(NetOperationException.NotFound($"There is no link '{name}' in {TargetText.Where(Namespace)}.", name).WithErrorId(ErrorIds.LinkNotFound), name);
        });
    }

    protected override void StopProcessing() => _stop.Cancel();
}
