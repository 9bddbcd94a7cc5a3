using System.Management.Automation;
using LinuxNetPS.Client;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Events;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Commands;

/// <summary>
/// Watch-NetEvent: streams link, address, route, neighbour and namespace-id changes (`ip monitor`) until
/// Ctrl+C, -Timeout or -Count. Namespaces piped in are watched together.
/// </summary>
[Cmdlet(VerbsCommon.Watch, "NetEvent")]
[OutputType(typeof(NetEvent))]
public sealed class WatchNetEventCommand : NamespacedCmdlet
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<NetClient> _clients = new();

    /// <summary>The kinds of change to watch: Link, Address, Route, Neighbor, Namespace. Omitted: all.</summary>
    /// <remarks>Checked by the cmdlet, not by ValidateSet, so a wrong kind gets the documented InvalidEventKind error; Tab still
    /// completes the kinds.</remarks>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EventKindCompleter))]
    public string[]? Kind { get; set; }

    /// <summary>Seconds to watch before stopping. Omitted: until Ctrl+C or -Count.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Timeout { get; set; }

    /// <summary>Stop after this many events (gap events included).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; }

    private NetEventKinds _kinds;

    /// <summary>A wrong -Kind stops the command before any namespace is opened.</summary>
    protected override void BeginProcessing()
    {
        try
        {
            _kinds = NetEventGroups.Parse(Kind);
        }
        catch (NetOperationException e)
        {
            ThrowUsage(e);
        }
        base.BeginProcessing();
    }

    protected override void ProcessRecord() => Try(Namespace, () => _clients.Add(Client));

    protected override void EndProcessing()
    {
        if (_clients.Count == 0) return; // every namespace given was wrong, and each was reported
        Try(null, () =>
        {
            var kinds = _kinds;
            var deadline = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) ? DateTime.UtcNow.AddSeconds(Timeout) : DateTime.MaxValue;
            int limit = MyInvocation.BoundParameters.ContainsKey(nameof(Count)) ? Count : int.MaxValue;
            int written = 0;
            using var watcher = new NetEventWatcher(_clients, kinds);
            while (!_stop.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                foreach (var e in watcher.Next(deadline, _stop.Token))
                {
                    if (e.Kind == NetEventKind.Gap)
                        WriteWarning($"{(e.Namespace is null ? "host" : e.Namespace)}: {e.Summary}");
                    WriteObject(e);
                    if (++written >= limit) return;
                }
            }
        });
    }

    protected override void StopProcessing() => _stop.Cancel();
}
