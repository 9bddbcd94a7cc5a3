using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Events;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Wait-NetLink: waits until a link is up, down, present or absent, without polling.</summary>
[Cmdlet(VerbsLifecycle.Wait, "NetLink")]
[OutputType(typeof(NetLink))]
public sealed class WaitNetLinkCommand : NamespacedCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The link to wait for.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The state to wait for: Up (up with carrier), Down, Present or Absent.</summary>
    [Parameter]
    [ValidateSet("Up", "Down", "Present", "Absent", IgnoreCase = true)]
    public string State { get; set; } = "Up";

    /// <summary>Seconds to wait at most (0: check once).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; } = 30;

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            var condition = Enum.Parse<LinkCondition>(State, ignoreCase: true);
            var outcome = LinkWait.Until(Client, Name, condition, TimeSpan.FromSeconds(Timeout), _stop.Token);
            if (_stop.IsCancellationRequested) return;
            if (!outcome.Satisfied)
            {
                string now = outcome.Value is null ? "absent" : LinkWait.IsUp(outcome.Value) ? "up" : $"down ({outcome.Value.OperState.ToString().ToUpperInvariant()})";
                Report(WaitErrors.TimedOut($"Link '{Name}' in {TargetText.Where(Namespace)} was not {condition.ToString().ToLowerInvariant()} within {Timeout} s; it is {now}.", Name), Name);
                return;
            }
            if (outcome.Value is not null) WriteObject(Client.Links.Get(outcome.Value.Index));
        });
    }

    protected override void StopProcessing() => _stop.Cancel();
}
