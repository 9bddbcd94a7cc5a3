using LinuxNetPS.Support;
using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-NetNamespace: creates named network namespaces (`ip netns add NAME`). Several names (given at once or piped)
/// are created together with <see cref="NetworkNamespaces.CreateMany(IReadOnlyList{string}, NamespaceOptions?)"/>, on
/// several threads, through <see cref="PipelineBatch{T}"/>: the same objects and errors per name, in input order.
/// </summary>
[Cmdlet(VerbsCommon.New, "NetNamespace", SupportsShouldProcess = true)]
[OutputType(typeof(NetNamespace))]
public sealed class NewNetNamespaceCommand : NetCmdlet
{
    private PipelineBatch<string>? _batch;

    /// <summary>Names of the namespaces to create (files under /run/netns).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ObjectNames("Namespace", typeof(NetNamespace))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>Turn IPv6 off in the new namespaces before any link exists there (no DAD, MLD or router solicitations).</summary>
    [Parameter]
    public SwitchParameter DisableIPv6 { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var options = DisableIPv6 ? new NamespaceOptions { DisableIPv6 = true } : null;
        _batch = new PipelineBatch<string>(this,
            names => NetworkNamespaces.CreateMany(names, options).Select(ns => (Action)(() => WriteObject(ns))).ToList(),
            name =>
            {
                var ns = NetworkNamespaces.Create(name, options);
                return () => WriteObject(ns);
            })
        { ProgressActivity = "Creating network namespaces", ProgressStatus = n => $"{n} namespaces created" };
    }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            _batch!.Stage(name, () =>
            {
                NamespaceRef.ValidateName(name);
                if (!ShouldProcess($"network namespace '{name}'", DisableIPv6 ? "Create (IPv6 disabled)" : "Create")) return;
                _batch.Add(name, name);
            });
        }
    }

    protected override void EndProcessing() => _batch!.Finish();

    protected override void StopProcessing() => _batch?.Stop();
}
