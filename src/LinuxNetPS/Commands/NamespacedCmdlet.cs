using System.Management.Automation;
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
    /// <summary>The network namespace: a name under /run/netns, an absolute path to a namespace file, or a process id. Omitted: the host namespace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>The core client for -Namespace (throws NotFound/InvalidArgument for a bad namespace).</summary>
    protected NetClient Client => NetClient.For(Namespace);

    /// <summary>-WhatIf text for an object in -Namespace: "link 'veth0' in namespace 'red'".</summary>
    protected string Target(string what, string? name) => TargetText.Of(what, name, Namespace);

    /// <summary>The value objects from -Namespace carry (null for the host).</summary>
    protected string? NamespaceOrNull => string.IsNullOrEmpty(Namespace) ? null : Namespace;
}
