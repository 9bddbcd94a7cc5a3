using System.Management.Automation;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetNamespace: deletes named network namespaces (`ip netns delete NAME`) and with them every link,
/// address and route inside, so it asks first (ConfirmImpact High); -Force skips the question.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = NameSet)]
[OutputType(typeof(NetNamespace))]
public sealed class RemoveNetNamespaceCommand : NetCmdlet
{
    private const string NameSet = "Name";
    private const string InputSet = "InputObject";

    /// <summary>Names of the namespaces to delete; wildcards select among the existing ones.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = NameSet)]
    [ObjectNames("Namespace", typeof(NetNamespace))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NamespaceCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Namespaces from Get-NetNamespace or New-NetNamespace.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [ValidateNotNull]
    public NetNamespace[] InputObject { get; set; } = [];

    /// <summary>Remove without asking (scripts, test teardown); -WhatIf still only describes.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the removed namespaces to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private PipelineBatch<NetNamespace>? _batch;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        // Deleted together at the end (or every 4096): DeleteMany picks a fast order (a bridge's namespace first), which
        // only helps when it sees the whole set, so the chunk is large and may wait a second for more input.
        _batch = new PipelineBatch<NetNamespace>(this, DeleteMany, DeleteOne)
        {
            ChunkSize = 4096, MaxDelay = TimeSpan.FromSeconds(1),
            ProgressActivity = "Removing network namespaces", ProgressStatus = n => $"{n} namespaces removed",
        };
    }

    protected override void EndProcessing() => _batch!.Finish();

    protected override void StopProcessing() => _batch?.Stop();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            foreach (var ns in InputObject) Remove(ns);
            return;
        }

        foreach (var pattern in Name)
        {
            if (Wildcard.IsPattern(pattern))
            {
                _batch!.Stage(pattern, () =>
                {
                    foreach (var ns in NameFilter.Select(NetworkNamespaces.List(), n => n.Namespace, [pattern], out _)) Remove(ns);
                });
                continue;
            }
            var name = Wildcard.Unescape(pattern);
            _batch!.Stage(name, () => Remove(Describe(name)));
        }
    }

    /// <summary>The namespace called <paramref name="name"/>; a stale /run/netns entry (no longer a namespace) is still returned, so it can be cleaned up as `ip netns delete` does.</summary>
    private static NetNamespace Describe(string name)
    {
        NamespaceRef.ValidateName(name);
        return NetworkNamespaces.GetOrStale(NamespaceRef.Parse(name));
    }

    private void Remove(NetNamespace ns) => _batch!.Stage(ns, () =>
    {
        if (ns.IsHost || string.IsNullOrEmpty(ns.Namespace) || NamespaceRef.Parse(ns.Namespace).Name is null)
            throw NetOperationException.Invalid(
                $"Only named namespaces (under /run/netns) can be removed; '{ns}' is {(ns.IsHost ? "the host namespace" : "not one of them")}.", ns.ToString())
                .WithErrorId(ErrorIds.HostNamespaceNotRemovable);
        if (!ShouldProcessUnlessForced(Force.IsPresent, $"network namespace '{ns.Namespace}' and every link in it", "Remove")) return;
        _batch!.Add(ns, ns);
    });

    /// <summary>Per-name outcomes, never all-or-nothing: each namespace gets its own result or error.</summary>
    private IReadOnlyList<Action> DeleteMany(IReadOnlyList<NetNamespace> namespaces)
    {
        EndWarmChildren(namespaces);
        var outcomes = NetworkNamespaces.DeleteMany(namespaces.Select(n => n.Namespace!).ToList());
        return namespaces.Select((ns, i) => outcomes[i] is { } error ? () => Rethrow(error) : (Action)(() => Written(ns))).ToList();
    }

    private Action DeleteOne(NetNamespace ns)
    {
        EndWarmChildren([ns]);
        NetworkNamespaces.Delete(ns.Namespace!);
        return () => Written(ns);
    }

    /// <summary>Invoke-NetNamespace's warm pwsh in a namespace would keep it (and its links) alive after the name is gone.</summary>
    private static void EndWarmChildren(IReadOnlyList<NetNamespace> namespaces) =>
        WarmChildren.EndIn(namespaces.Select(n => n.Namespace!).ToHashSet(), namespaces.Select(n => n.Inode).Where(i => i != 0).ToHashSet());

    private void Written(NetNamespace ns)
    {
        if (PassThru) WriteObject(ns);
    }

    private static void Rethrow(Exception error) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
}
