using System.Management.Automation;
using LinuxNetPS.Client;
using LinuxNetPS.Completers;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// A cmdlet that acts inside one network namespace, chosen with -Namespace (like `ip -n`).
/// Objects from this module carry a Namespace property, so piping them binds it.
/// </summary>
public abstract class NamespacedCmdlet : NetCmdlet
{
    /// <summary>The network namespace: a name under /run/netns, an absolute path to a namespace file, or a process id (1 = the host). Omitted: the host namespace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>
    /// -Namespace given on the command line as $null or "" is refused before anything runs (as `ip -n ''` is): the host
    /// is said by omitting -Namespace or by -Namespace 1, never by a value that happens to be empty. (Objects from the
    /// host carry no Namespace; piped, that still means the host.)
    /// </summary>
    protected override void BeginProcessing()
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Namespace)) && string.IsNullOrEmpty(Namespace))
            ThrowUsage(Errors.NetOperationException.Invalid(
                "-Namespace is empty. Name a namespace (a name under /run/netns, a path or a process id), or for the host namespace omit -Namespace or give -Namespace 1.",
                Namespace));
        base.BeginProcessing();
    }

    /// <summary>The core client for -Namespace (throws NotFound/InvalidArgument for a bad namespace).</summary>
    protected NetClient Client => NetClient.For(string.IsNullOrEmpty(Namespace) ? null : Namespace);

    /// <summary>-WhatIf text for an object in -Namespace: "link 'veth0' in namespace 'red'".</summary>
    protected string Target(string what, string? name) => TargetText.Of(what, name, Namespace);

    /// <summary>The value objects from -Namespace carry (null for the host).</summary>
    protected string? NamespaceOrNull => string.IsNullOrEmpty(Namespace) ? null : Namespace;
}
