using System.Management.Automation;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetNamespace: lists named network namespaces (`ip netns list`), or the host one with -HostNamespace.</summary>
[Cmdlet(VerbsCommon.Get, "NetNamespace", DefaultParameterSetName = NameSet)]
[OutputType(typeof(NetNamespace))]
public sealed class GetNetNamespaceCommand : NetCmdlet
{
    private const string NameSet = "Name";
    private const string HostSet = "Host";

    /// <summary>Namespace names (wildcards allowed); a path or process id names an unnamed namespace.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NamespaceCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Return the host namespace (the one PID 1 is in) instead of the named ones. Not called "Host", which would hide PSCmdlet.Host.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HostSet)]
    [Alias("Host")]
    public SwitchParameter HostNamespace { get; set; }

    protected override void ProcessRecord()
    {
        if (HostNamespace.IsPresent)
        {
            Try(null, () => WriteObject(NetworkNamespaces.Get(NamespaceRef.Host)));
            return;
        }

        // Paths and pids name namespaces that have no entry in /run/netns: look them up directly.
        var specs = (Name ?? []).Where(IsPathOrPid).ToList();
        var names = Name?.Where(n => !IsPathOrPid(n)).ToList();
        foreach (var spec in specs)
            Try(spec, () => WriteObject(NetworkNamespaces.Get(NamespaceRef.Parse(spec))));
        if (names is { Count: 0 }) return;

        Try(null, () =>
        {
            var selected = NameFilter.Select(NetworkNamespaces.List(), n => n.Namespace, names, out var missing);
            WriteObject(selected, true);
            foreach (var name in missing)
                Report(NetOperationException.NotFound($"Network namespace '{name}' does not exist. Get-NetNamespace lists the existing ones.", name).WithErrorId(ErrorIds.NamespaceNotFound), name);
        });
    }

    private static bool IsPathOrPid(string spec) => spec.StartsWith('/') || spec.All(char.IsAsciiDigit);
}
