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
                Try(pattern, () =>
                {
                    foreach (var ns in NameFilter.Select(NetworkNamespaces.List(), n => n.Namespace, [pattern], out _)) Remove(ns);
                });
                continue;
            }
            var name = Wildcard.Unescape(pattern);
            Try(name, () => Remove(Describe(name)));
        }
    }

    /// <summary>The namespace called <paramref name="name"/>; a stale /run/netns entry (no longer a namespace) is still returned, so it can be cleaned up as `ip netns delete` does.</summary>
    private static NetNamespace Describe(string name)
    {
        NamespaceRef.ValidateName(name);
        return NetworkNamespaces.GetOrStale(NamespaceRef.Parse(name));
    }

    private void Remove(NetNamespace ns) => Try(ns, () =>
    {
        if (ns.IsHost || string.IsNullOrEmpty(ns.Namespace) || NamespaceRef.Parse(ns.Namespace).Name is null)
            throw NetOperationException.Invalid(
                $"Only named namespaces (under /run/netns) can be removed; '{ns}' is {(ns.IsHost ? "the host namespace" : "not one of them")}.", ns.ToString())
                .WithErrorId(ErrorIds.HostNamespaceNotRemovable);
        if (!ShouldProcessUnlessForced(Force.IsPresent, $"network namespace '{ns.Namespace}' and every link in it", "Remove")) return;
        NetworkNamespaces.Delete(ns.Namespace);
        if (PassThru) WriteObject(ns);
    });
}
